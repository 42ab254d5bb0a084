//! A bounded load test of the HTTP API on the loopback interface:
//!
//! ```sh
//! cargo run --release -p beregner-server --bin loadtest -- [--requests 20000] [--concurrency 32] [--seconds 30]
//! ```
//!
//! It starts the API over the bundled rule sets on 127.0.0.1 (a free port) in this process,
//! then `--concurrency` clients, each on its own keep-alive connection, POST the fixtures'
//! case files to `/calculate` round-robin until `--requests` have been sent or `--seconds`
//! have passed, whichever comes first. It reports throughput and latency percentiles. It only
//! ever connects to the address it bound on 127.0.0.1.

use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Args {
    requests: u64,
    concurrency: usize,
    seconds: u64,
    threads: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        requests: 20_000,
        concurrency: 32,
        seconds: 30,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let n: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: `{value}` is not a whole number"))?;
        match flag.as_str() {
            "--requests" => a.requests = n.clamp(1, 10_000_000),
            "--concurrency" => a.concurrency = n.clamp(1, 1024) as usize,
            "--seconds" => a.seconds = n.clamp(1, 600),
            "--threads" => a.threads = n.clamp(1, 256) as usize,
            other => {
                return Err(format!(
                    "unknown option {other} (--requests N, --concurrency N, --seconds N, --threads N)"
                ));
            }
        }
    }
    Ok(a)
}

/// The fixtures' case files (the realistic mix), or one case if they are not at hand.
fn bodies() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut out = Vec::new();
    if let Ok(families) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = families
            .flatten()
            .filter_map(|f| std::fs::read_dir(f.path()).ok())
            .flat_map(|d| d.flatten().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    if out.is_empty() {
        out.push(
            br#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"hourly_wage":"200","weekly_hours":"18"}}"#
                .to_vec(),
        );
    }
    out
}

/// One request on a keep-alive connection; the status.
async fn post(
    conn: &mut BufReader<TcpStream>,
    host: &str,
    body: &[u8],
    buf: &mut Vec<u8>,
) -> std::io::Result<u16> {
    let head = format!(
        "POST /calculate HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/toml\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    conn.get_mut().write_all(head.as_bytes()).await?;
    conn.get_mut().write_all(body).await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    let status: u16 = line.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if conn.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    buf.resize(length, 0);
    conn.read_exact(buf).await?;
    Ok(status)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let ok = runtime.block_on(run(args));
    if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}

async fn run(args: Args) -> bool {
    let app = match beregner_server::bundled(beregner_server::Config::default()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return false;
        }
    };
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot bind 127.0.0.1: {e}");
            return false;
        }
    };
    let Ok(addr) = listener.local_addr() else {
        return false;
    };
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let bodies = std::sync::Arc::new(bodies());
    let next = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    println!(
        "loadtest: POST /calculate on http://{addr}, {} case files round-robin, {} connections, {} server threads, at most {} requests or {} s",
        bodies.len(),
        args.concurrency,
        args.threads,
        args.requests,
        args.seconds
    );
    let started = Instant::now();
    let mut clients = Vec::with_capacity(args.concurrency);
    for _ in 0..args.concurrency {
        let (bodies, next) = (bodies.clone(), next.clone());
        let requests = args.requests;
        clients.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut ok, mut refused, mut failed) = (0u64, 0u64, 0u64);
            let host = addr.to_string();
            let Ok(stream) = TcpStream::connect(addr).await else {
                return (latencies, ok, refused, failed + 1);
            };
            let _ = stream.set_nodelay(true);
            let mut conn = BufReader::new(stream);
            let mut buf = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= requests || Instant::now() >= deadline {
                    break;
                }
                let body = &bodies[(i % bodies.len() as u64) as usize];
                let t = Instant::now();
                match post(&mut conn, &host, body, &mut buf).await {
                    Ok(200) => ok += 1,
                    Ok(422) => refused += 1,
                    Ok(_) => failed += 1,
                    Err(_) => {
                        failed += 1;
                        break;
                    }
                }
                latencies.push(t.elapsed());
            }
            (latencies, ok, refused, failed)
        }));
    }
    let mut latencies = Vec::new();
    let (mut ok, mut refused, mut failed) = (0, 0, 0);
    for c in clients {
        if let Ok((l, o, r, f)) = c.await {
            latencies.extend(l);
            ok += o;
            refused += r;
            failed += f;
        }
    }
    let elapsed = started.elapsed();
    server.abort();
    latencies.sort_unstable();
    let total = latencies.len();
    println!(
        "requests: {total} in {:.2} s: {ok} computed (200), {refused} refused as the fixture expects (422), {failed} failed",
        elapsed.as_secs_f64()
    );
    println!(
        "throughput: {:.0} requests/s",
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {}, p95 {}, p99 {}, max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.95)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    failed == 0
}
