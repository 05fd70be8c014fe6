//! A `puente serve` started on a fixture for a test, on a free port, killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Fixture;

/// A running `puente serve`, killed on drop.
pub struct Server {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `puente serve --port 0` on `fixture` and waits until it says where it listens.
pub fn start(fixture: &Fixture) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(["serve", "--port", "0", "--root"])
        .arg(fixture.root())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server { child, port: 0 };
    let stderr = server.child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    // Keep reading the server's output for as long as it runs, or it would block on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve did not start");
        if let Some(rest) = line.split("listening on 127.0.0.1:").nth(1) {
            server.port = rest.split(')').next().unwrap().parse().unwrap();
            return server;
        }
    }
}
