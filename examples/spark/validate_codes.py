"""Validates a column of Pix BR Codes on Spark with pixcode, through `mapInArrow`.

Each Arrow batch Spark hands to a Python worker goes to `pixcode.validate_many` as it is:
the codes are read from the Arrow buffers in Rust, with no Python object a code, and the
verdicts come back as Arrow arrays.

    python examples/spark/validate_codes.py codes.txt            # one code a line
    python examples/spark/validate_codes.py --generate 2000000   # synthetic codes

It prints the count of each verdict and the throughput. On a cluster, every worker needs the
pixcode wheel in the Python it runs (see the README's Spark section).
"""

import argparse
import os
import sys
import tempfile
import time

import pyarrow as pa

COLUMN = "value"


def validate_batches(batches, column=COLUMN, profile="pix"):
    """The `mapInArrow` function: each batch with two more columns, `valid` and `error`."""
    import pixcode

    for batch in batches:
        codes = batch.column(batch.schema.get_field_index(column))
        valid, errors = pixcode.validate_many(codes, profile)
        yield pa.RecordBatch.from_arrays(
            [codes, valid, errors.dictionary_decode()], names=[column, "valid", "error"]
        )


def validate(df, column=COLUMN, profile="pix"):
    """`df` with `valid` (boolean, null for a null code) and `error` (the first error's
    stable code, null when valid) next to `column`."""
    from pyspark.sql import types as T

    schema = T.StructType(
        [
            T.StructField(column, T.StringType()),
            T.StructField("valid", T.BooleanType()),
            T.StructField("error", T.StringType()),
        ]
    )
    return df.select(column).mapInArrow(lambda it: validate_batches(it, column, profile), schema)


def session(cores="*"):
    from pyspark.sql import SparkSession

    # The workers run this Python, where pixcode is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("pixcode-validate")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "65536")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def synthetic(n):
    """`n` codes: valid static, dynamic and non-ASCII ones, a wrong CRC, a broken structure."""
    import pixcode

    base = [
        pixcode.build("Fulano de Tal", "BRASILIA", key="123e4567-e12b-12d1-a456-426655440000"),
        pixcode.build("Loja", "Recife", key="12345678909", amount="10.50", txid="PEDIDO42"),
        pixcode.build("Fulano de Tal", "BRASILIA", url="pix.example.com/8b3da2f39a4140d1a91abd93113bd441"),
        pixcode.build("Café", "Maceió", key="12345678909", fold_ascii=False),
    ]
    wrong_crc = base[0][:-4] + "0000"
    broken = base[1][:40] + base[1][41:]
    pool = base + [wrong_crc, broken]
    return [pool[i % len(pool)] for i in range(n)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", help="a text file, one code a line")
    ap.add_argument("--generate", type=int, help="validate N synthetic codes instead")
    ap.add_argument("--cores", default="*")
    ap.add_argument("--profile", default="pix", choices=["pix", "emv", "auto"])
    a = ap.parse_args(argv)
    if (a.path is None) == (a.generate is None):
        ap.error("give a path or --generate N")

    spark = session(a.cores)
    with tempfile.TemporaryDirectory() as tmp:
        path = a.path
        if a.generate:
            path = os.path.join(tmp, "codes.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(synthetic(a.generate)) + "\n")
        # Cached, so that the timing below is the validation and not the file's reading.
        df = spark.read.text(path).cache()
        n = df.count()
        # Twice: the first pass also starts the Python workers and warms the JVM up.
        took = []
        for _ in range(2):
            start = time.perf_counter()
            counts = validate(df, profile=a.profile).groupBy("valid", "error").count().collect()
            took.append(time.perf_counter() - start)
    for row in sorted(counts, key=lambda r: -r["count"]):
        print(f"{row['count']:>10}  valid={row['valid']}  error={row['error']}")
    print(f"{n} codes: first pass {took[0]:.2f} s ({n / took[0]:,.0f} codes/s), "
          f"second pass {took[1]:.2f} s ({n / took[1]:,.0f} codes/s)")
    spark.stop()


if __name__ == "__main__":
    main()
