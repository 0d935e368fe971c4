//! The batch mode of `decode` and `validate`: standard input as LF-terminated lines, answered
//! on every core, in input order, in bounded memory.
//!
//! One thread reads blocks of whole lines, `jobs` workers answer a block each into an output
//! buffer, and the calling thread writes the buffers back in sequence. The channels are bounded,
//! so at most about `4 × jobs` blocks (each ~64 KiB of input and its answers) are in flight,
//! whatever the input's size. A line longer than a block grows its block: memory follows the
//! longest line, not the input.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

/// Input per block: large enough to amortize the hand-offs, small enough that the answers of a
/// block (JSON is ~20× the input) stay a few MB.
const BLOCK: usize = 64 * 1024;

/// The number of workers when `--jobs` is not given: every core.
pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Calls `answer` on each LF-terminated line of `input` (the LF removed; a final line without
/// LF counts too) on `jobs` threads, writing what it appends to its buffer to `out` in input
/// order. Returns whether `answer` returned `true` for every line.
pub(crate) fn each_line<F>(
    input: impl Read + Send,
    out: &mut impl Write,
    jobs: usize,
    answer: F,
) -> io::Result<bool>
where
    F: Fn(&[u8], &mut Vec<u8>) -> bool + Sync,
{
    let jobs = jobs.max(1);
    let (block_tx, block_rx) = sync_channel::<(u64, Vec<u8>)>(2 * jobs);
    let (done_tx, done_rx) = sync_channel::<(u64, Vec<u8>, bool)>(2 * jobs);
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

/// Sends blocks of whole lines, numbered from 0. Ends at end of input or when nobody listens.
fn read_blocks(mut input: impl Read, tx: SyncSender<(u64, Vec<u8>)>) -> io::Result<()> {
    let mut seq = 0;
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut block = Vec::with_capacity(BLOCK + carry.len() + 1024);
        block.append(&mut carry);
        let mut eof = false;
        // Fill to at least BLOCK bytes, then cut after the last LF.
        loop {
            if block.len() >= BLOCK && memchr::memchr(b'\n', &block).is_some() {
                break;
            }
            // Reads into the spare capacity (no zeroing), retrying on EINTR.
            let want = BLOCK.max(block.capacity() - block.len()) as u64;
            let n = (&mut input).take(want).read_to_end(&mut block)?;
            if n == 0 {
                eof = true;
                break;
            }
        }
        if !eof {
            let cut = block
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(block.len(), |i| i + 1);
            carry = block.split_off(cut);
        }
        if !block.is_empty() && tx.send((seq, block)).is_err() {
            return Ok(()); // the writer stopped; its error is reported
        }
        seq += 1;
        if eof {
            return Ok(());
        }
    }
}

fn work<F>(rx: &Mutex<Receiver<(u64, Vec<u8>)>>, tx: SyncSender<(u64, Vec<u8>, bool)>, answer: &F)
where
    F: Fn(&[u8], &mut Vec<u8>) -> bool,
{
    loop {
        let next = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((seq, block)) = next else { return };
        // JSON answers run ~16× the input: start there rather than grow through copies.
        let mut out = Vec::with_capacity(block.len() * 16);
        let mut all = true;
        let body = block.strip_suffix(b"\n").unwrap_or(&block);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', body) {
            all &= answer(&body[start..end], &mut out);
            start = end + 1;
        }
        all &= answer(&body[start..], &mut out);
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
        let all = each_line(input, &mut out, jobs, |line, buf| {
            buf.extend_from_slice(line);
            buf.extend_from_slice(b"|\n");
            !line.is_empty()
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
                "x".repeat(3 * BLOCK)
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
        let err = each_line(&input[..], &mut Broken, 2, |l, b| {
            b.extend_from_slice(l);
            true
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
}
