//! The batch mode of `decode` and `validate`: standard input as LF-terminated lines, answered
//! on every core, in input order, in bounded memory whatever the input.
//!
//! One thread reads blocks of whole lines, `jobs` workers answer a block each into an output
//! buffer, and the calling thread writes the buffers back in sequence. The channels are bounded,
//! so at most `3 × jobs + 2` blocks are in flight. A block holds at most [`BLOCK`] bytes of
//! input plus one line, and at most [`BLOCK_LINES`] lines; a line longer than [`MAX_LINE`]
//! bytes is never held: the reader counts its length and skips to the next LF, and the line is
//! answered as [`Line::TooLong`].

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

/// Input per block: large enough to amortize the hand-offs, small enough that the answers of a
/// block (JSON is ~20× the input) stay a few MB.
const BLOCK: usize = 64 * 1024;

/// Lines per block at most: bounds a block's answers when its lines are short or empty.
const BLOCK_LINES: usize = 1024;

/// The longest line read, in bytes. A BR Code is at most 512 characters, 2,048 bytes of UTF-8
/// at the very most; a longer line cannot be one and is answered without being held.
pub(crate) const MAX_LINE: usize = 4096;

/// The most `--jobs` accepted.
pub(crate) const MAX_JOBS: usize = 256;

/// The number of workers when `--jobs` is not given: every core.
pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The workers for `--jobs`: every core by default (or for 0); more than the cores is capped
/// to the cores with a warning, since the work is all computation and each worker holds up
/// to about 6 MB of blocks and answers.
pub(crate) fn jobs(requested: Option<usize>) -> usize {
    let cores = default_jobs();
    match requested {
        None | Some(0) => cores,
        Some(n) if n > cores => {
            eprintln!(
                "pixcode: warning: --jobs {n} is more than the {cores} cores here; using {cores}"
            );
            cores
        }
        Some(n) => n,
    }
}

/// `--jobs N`: 1 to [`MAX_JOBS`], or 0 for every core.
pub(crate) fn parse_jobs(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("expected a whole number of threads but found {s:?}"))?;
    if n > MAX_JOBS {
        return Err(format!(
            "{n} threads is more than the {MAX_JOBS} allowed (0 means every core)"
        ));
    }
    Ok(n)
}

/// One input line as the answer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// The line, its LF removed.
    Text(&'a [u8]),
    /// A line longer than [`MAX_LINE`] bytes: only its length was kept.
    TooLong(u64),
}

/// Where a block's lines are: a range of its bytes, or the length of a line too long to hold.
#[derive(Clone, Copy, Debug)]
enum Entry {
    Text(u32, u32),
    TooLong(u64),
}

#[derive(Debug, Default)]
struct Block {
    data: Vec<u8>,
    lines: Vec<Entry>,
}

impl Block {
    fn new() -> Block {
        Block {
            data: Vec::with_capacity(BLOCK + MAX_LINE),
            lines: Vec::new(),
        }
    }

    fn full(&self) -> bool {
        self.data.len() >= BLOCK || self.lines.len() >= BLOCK_LINES
    }
}

/// Calls `answer` on each LF-terminated line of `input` (a final line without LF counts too)
/// on `jobs` threads, writing what it appends to its buffer to `out` in input order. Returns
/// whether `answer` returned `true` for every line.
pub(crate) fn each_line<F>(
    input: impl Read + Send,
    out: &mut impl Write,
    jobs: usize,
    answer: F,
) -> io::Result<bool>
where
    F: Fn(Line<'_>, &mut Vec<u8>) -> bool + Sync,
{
    let jobs = jobs.clamp(1, MAX_JOBS);
    let (block_tx, block_rx) = sync_channel::<(u64, Block)>(jobs);
    let (done_tx, done_rx) = sync_channel::<(u64, Vec<u8>, bool)>(jobs);
    let block_rx = Mutex::new(block_rx);
    std::thread::scope(|s| {
        let reader = s.spawn(move || read_blocks(input, block_tx));
        for _ in 0..jobs {
            let (rx, tx, answer) = (&block_rx, done_tx.clone(), &answer);
            s.spawn(move || work(rx, tx, answer));
        }
        drop(done_tx);
        let written = write_in_order(out, done_rx);
        // On a write error the receiver is gone: the workers and the reader stop at their next
        // send. Join the reader for its own error.
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader panicked")));
        let all = written?;
        read?;
        Ok(all)
    })
}

/// Reads into `buf`, retrying on EINTR.
fn read_some(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Sends blocks of whole lines, numbered from 0. Ends at end of input or when nobody listens.
fn read_blocks(mut input: impl Read, tx: SyncSender<(u64, Block)>) -> io::Result<()> {
    let mut seq = 0;
    let mut chunk = vec![0u8; BLOCK];
    let mut block = Block::new();
    // Where the line being read starts in `block.data`.
    let mut line_start = 0;
    // The length so far of a line too long to hold, while it is skipped.
    let mut skipping: Option<u64> = None;
    loop {
        let n = read_some(&mut input, &mut chunk)?;
        if n == 0 {
            break;
        }
        let mut rest = &chunk[..n];
        while !rest.is_empty() {
            let (piece, ended) = match memchr::memchr(b'\n', rest) {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            rest = &rest[piece.len() + usize::from(ended)..];
            if let Some(len) = skipping.as_mut() {
                *len += piece.len() as u64;
            } else {
                let held = block.data.len() - line_start + piece.len();
                if held > MAX_LINE {
                    block.data.truncate(line_start);
                    skipping = Some(held as u64);
                } else {
                    block.data.extend_from_slice(piece);
                }
            }
            if !ended {
                continue;
            }
            block.lines.push(match skipping.take() {
                Some(len) => Entry::TooLong(len),
                None => Entry::Text(line_start as u32, block.data.len() as u32),
            });
            line_start = block.data.len();
            if block.full() {
                if tx
                    .send((seq, std::mem::replace(&mut block, Block::new())))
                    .is_err()
                {
                    return Ok(()); // the writer stopped; its error is reported
                }
                seq += 1;
                line_start = 0;
            }
        }
    }
    // A last line without LF.
    match skipping {
        Some(len) => block.lines.push(Entry::TooLong(len)),
        None if block.data.len() > line_start => block
            .lines
            .push(Entry::Text(line_start as u32, block.data.len() as u32)),
        None => {}
    }
    if !block.lines.is_empty() {
        let _ = tx.send((seq, block));
    }
    Ok(())
}

fn work<F>(rx: &Mutex<Receiver<(u64, Block)>>, tx: SyncSender<(u64, Vec<u8>, bool)>, answer: &F)
where
    F: Fn(Line<'_>, &mut Vec<u8>) -> bool,
{
    loop {
        let next = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((seq, block)) = next else { return };
        // JSON answers run ~16× the input: start there rather than grow through copies.
        let mut out = Vec::with_capacity(block.data.len() * 16);
        let mut all = true;
        for entry in &block.lines {
            let line = match *entry {
                Entry::Text(a, b) => Line::Text(&block.data[a as usize..b as usize]),
                Entry::TooLong(n) => Line::TooLong(n),
            };
            all &= answer(line, &mut out);
        }
        if tx.send((seq, out, all)).is_err() {
            return;
        }
    }
}

fn write_in_order(out: &mut impl Write, rx: Receiver<(u64, Vec<u8>, bool)>) -> io::Result<bool> {
    let mut next = 0;
    let mut waiting = BTreeMap::new();
    let mut all = true;
    for (seq, buf, ok) in rx {
        all &= ok;
        waiting.insert(seq, buf);
        while let Some(buf) = waiting.remove(&next) {
            out.write_all(&buf)?;
            next += 1;
        }
    }
    debug_assert!(waiting.is_empty());
    out.flush()?;
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8], jobs: usize) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let all = each_line(input, &mut out, jobs, |line, buf| match line {
            Line::Text(line) => {
                buf.extend_from_slice(line);
                buf.extend_from_slice(b"|\n");
                !line.is_empty()
            }
            Line::TooLong(n) => {
                buf.extend_from_slice(format!("<{n}>|\n").as_bytes());
                false
            }
        })
        .unwrap();
        (out, all)
    }

    #[test]
    fn lines_keep_their_order_and_edges() {
        assert_eq!(run(b"", 2), (Vec::new(), true));
        assert_eq!(run(b"a", 2), (b"a|\n".to_vec(), true));
        assert_eq!(run(b"a\n", 2), (b"a|\n".to_vec(), true));
        assert_eq!(run(b"a\n\nb", 3), (b"a|\n|\nb|\n".to_vec(), false));
        // Many blocks, lines across block edges, a line longer than a block.
        let mut input = Vec::new();
        let mut expected = Vec::new();
        for i in 0..200_000u32 {
            let line = if i == 777 {
                "x".repeat(MAX_LINE)
            } else {
                format!("line {i}")
            };
            input.extend_from_slice(line.as_bytes());
            input.push(b'\n');
            expected.extend_from_slice(line.as_bytes());
            expected.extend_from_slice(b"|\n");
        }
        for jobs in [1, 2, 5] {
            assert_eq!(run(&input, jobs), (expected.clone(), true), "jobs {jobs}");
        }
    }

    #[test]
    fn a_write_error_stops_everything_and_is_reported() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let input = vec![b'a'; 10 * BLOCK]
            .into_iter()
            .chain(*b"\n")
            .cycle()
            .take(50 * BLOCK)
            .collect::<Vec<_>>();
        let err = each_line(&input[..], &mut Broken, 2, |_, b| {
            b.extend_from_slice(b"answer");
            true
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }

    /// Lines over the cap are answered by length, wherever they fall across reads and blocks,
    /// and the lines around them are unchanged.
    #[test]
    fn overlong_lines_are_counted_not_held() {
        let long = MAX_LINE + 1;
        let mut input = Vec::new();
        input.extend_from_slice(b"a\n");
        input.extend(std::iter::repeat_n(b'x', MAX_LINE));
        input.push(b'\n');
        input.extend(std::iter::repeat_n(b'y', long));
        input.push(b'\n');
        input.extend(std::iter::repeat_n(0u8, 5 * BLOCK + 17));
        input.extend_from_slice(b"\nb\n");
        input.extend(std::iter::repeat_n(b'z', 3 * BLOCK));
        let (out, all) = run(&input, 2);
        let mut expected = b"a|\n".to_vec();
        expected.extend(std::iter::repeat_n(b'x', MAX_LINE));
        expected.extend_from_slice(
            format!(
                "|\n<{long}>|\n<{}>|\nb|\n<{}>|\n",
                5 * BLOCK + 17,
                3 * BLOCK
            )
            .as_bytes(),
        );
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&expected)
        );
        assert!(!all);
    }

    /// A reader that hands out one byte at a time still splits the same way.
    #[test]
    fn one_byte_reads_give_the_same_lines() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.split_first() {
                    Some((b, rest)) if !buf.is_empty() => {
                        buf[0] = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut input = b"one\n\n".to_vec();
        input.extend(std::iter::repeat_n(b'q', MAX_LINE + 3));
        input.extend_from_slice(b"\nlast");
        let mut out = Vec::new();
        each_line(Trickle(&input), &mut out, 1, |line, buf| {
            match line {
                Line::Text(t) => buf.extend_from_slice(t),
                Line::TooLong(n) => buf.extend_from_slice(format!("<{n}>").as_bytes()),
            }
            buf.push(b'|');
            true
        })
        .unwrap();
        assert_eq!(out, format!("one||<{}>|last|", MAX_LINE + 3).as_bytes());
    }

    /// Many empty lines are cut into blocks of at most BLOCK_LINES lines.
    #[test]
    fn blocks_hold_a_bounded_number_of_lines() {
        let input = vec![b'\n'; 10 * BLOCK_LINES + 5];
        let (out, all) = run(&input, 3);
        assert_eq!(out, b"|\n".repeat(10 * BLOCK_LINES + 5));
        assert!(!all);
    }

    #[test]
    fn jobs_are_capped() {
        assert_eq!(parse_jobs("0"), Ok(0));
        assert_eq!(parse_jobs("256"), Ok(256));
        assert!(parse_jobs("257").unwrap_err().contains("more than the 256"));
        assert!(parse_jobs("18446744073709551616").is_err());
        assert!(parse_jobs("-1").is_err());
    }

    /// The reference the reader must agree with: split on LF (a last line without LF counts,
    /// an empty input has none), lines over [`MAX_LINE`] by length.
    fn reference(input: &[u8]) -> Vec<Result<Vec<u8>, u64>> {
        if input.is_empty() {
            return Vec::new();
        }
        let body = input.strip_suffix(b"\n").unwrap_or(input);
        body.split(|b| *b == b'\n')
            .map(|l| {
                if l.len() > MAX_LINE {
                    Err(l.len() as u64)
                } else {
                    Ok(l.to_vec())
                }
            })
            .collect()
    }

    /// A reader that hands out the input in the given chunk sizes.
    struct Chunked<'a> {
        data: &'a [u8],
        sizes: Vec<usize>,
        i: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let want = self
                .sizes
                .get(self.i % self.sizes.len().max(1))
                .copied()
                .unwrap_or(7);
            self.i += 1;
            let n = want.max(1).min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        /// Any input, cut into reads of any sizes, answered on any number of workers: the
        /// lines are the reference's, in order, overlong ones by length.
        #[test]
        fn the_reader_agrees_with_a_plain_split(
            pieces in proptest::collection::vec(
                (0usize..3, 0usize..(3 * MAX_LINE), proptest::num::u8::ANY),
                0..40,
            ),
            sizes in proptest::collection::vec(1usize..(2 * BLOCK), 1..5),
            jobs in 1usize..4,
        ) {
            // Runs of one byte, LFs among them: short lines, empty lines, overlong lines.
            let mut input = Vec::new();
            for (kind, len, byte) in pieces {
                match kind {
                    0 => input.push(b'\n'),
                    1 => input.extend(std::iter::repeat_n(if byte == b'\n' { b'a' } else { byte }, len % 64)),
                    _ => input.extend(std::iter::repeat_n(if byte == b'\n' { b'z' } else { byte }, len)),
                }
            }
            let mut out = Vec::new();
            let seen = Mutex::new(Vec::new());
            each_line(Chunked { data: &input, sizes, i: 0 }, &mut out, jobs, |line, buf| {
                // Each answer is one byte; the order is checked from the output.
                let idx = {
                    let mut s = seen.lock().unwrap();
                    s.push(match line {
                        Line::Text(t) => Ok(t.to_vec()),
                        Line::TooLong(n) => Err(n),
                    });
                    s.len() - 1
                };
                buf.extend_from_slice(format!("{idx},").as_bytes());
                true
            })
            .unwrap();
            let seen = seen.into_inner().unwrap();
            let order: Vec<usize> = String::from_utf8(out)
                .unwrap()
                .split_terminator(',')
                .map(|i| i.parse().unwrap())
                .collect();
            let in_order: Vec<Result<Vec<u8>, u64>> = order.iter().map(|&i| seen[i].clone()).collect();
            proptest::prop_assert_eq!(in_order, reference(&input));
        }
    }
}
