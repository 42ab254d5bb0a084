//! `beregner serve` end to end: the binary started on a free loopback port answers every
//! fixture with exactly the line `beregner calc --format json` prints for it.

mod common;
use common::root;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beregner"))
        .args(args)
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .current_dir(root())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start beregner serve");
    let mut line = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, addr }
}

/// One HTTP/1.1 request; the status and the body.
fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("write");
    s.write_all(body).expect("body");
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("read");
    let text = String::from_utf8(out).expect("utf-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("headers");
    let status = head[9..12].parse().expect("status");
    assert!(
        head.to_ascii_lowercase().contains("content-length:"),
        "{head}"
    );
    (status, body.to_string())
}

#[test]
fn the_server_answers_every_fixture_as_calc_prints_it() {
    let server = start(&[]);
    let mut files = Vec::new();
    for family in std::fs::read_dir(root().join("fixtures")).expect("fixtures") {
        for f in std::fs::read_dir(family.expect("dir").path()).expect("family") {
            let p = f.expect("file").path();
            if p.extension().is_some_and(|e| e == "toml" || e == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut args = vec!["calc".to_string(), "--format".into(), "json".into()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let cli = Command::new(env!("CARGO_BIN_EXE_beregner"))
        .args(&args)
        .current_dir(root())
        .output()
        .expect("calc");
    let cli_out = String::from_utf8(cli.stdout).expect("utf-8");
    let mut cli_lines = cli_out.split_inclusive('\n');
    let mut compared = 0;
    for path in &files {
        let body = std::fs::read(path).expect("read");
        let (status, answer) = request(
            &server.addr,
            "POST",
            "/calculate",
            "application/toml",
            &body,
        );
        if status == 200 {
            assert_eq!(
                Some(answer.as_str()),
                cli_lines.next(),
                "{}",
                path.display()
            );
            compared += 1;
        } else {
            assert_eq!(status, 422, "{}: {answer}", path.display());
        }
    }
    assert_eq!(
        cli_lines.next(),
        None,
        "calc computed a case the server refused"
    );
    assert!(compared > 100, "{compared}");
    let (status, health) = request(&server.addr, "GET", "/health", "text/plain", b"");
    assert_eq!((status, health.as_str()), (200, r#"{"status":"ok"}"#));
}

#[test]
fn the_rule_book_hash_names_the_operators_overlay() {
    let plain = start(&[]);
    let (_, a) = request(&plain.addr, "GET", "/version", "text/plain", b"");
    let dir = tempfile::tempdir().expect("tempdir");
    let overlay = dir.path().join("o.toml");
    std::fs::write(
        &overlay,
        "title = \"t\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n",
    )
    .expect("write");
    let reformed = start(&["--overlay", overlay.to_str().expect("path")]);
    let (_, b) = request(&reformed.addr, "GET", "/version", "text/plain", b"");
    let hash = |s: &str| {
        serde_json::from_str::<serde_json::Value>(s).expect("json")["rule_book_sha256"].clone()
    };
    assert_ne!(hash(&a), hash(&b));
    let case = br#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"25000"}}"#;
    let (_, out) = request(
        &reformed.addr,
        "POST",
        "/calculate",
        "application/json",
        case,
    );
    assert!(out.contains("+overlay"), "{out}");
}
