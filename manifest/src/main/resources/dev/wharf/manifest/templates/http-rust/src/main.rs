// {{project-name}}: an HTTP handler run as a WAGI (CGI) program.
// The request comes in environment variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_* headers)
// and the body on stdin; the response is headers, a blank line, then the body, written to stdout.
use std::env;
use std::io::{self, Write};

fn env_or(name: &str, fallback: &str) -> String {
    env::var(name).unwrap_or_else(|_| fallback.to_string())
}

fn main() -> io::Result<()> {
    let mut out = io::stdout().lock();
    write!(out, "Content-Type: text/plain\n\n")?;
    writeln!(out, "Hello from {}!", "{{project-name}}")?;
    writeln!(out, "{} {}", env_or("REQUEST_METHOD", "?"), env_or("PATH_INFO", "?"))?;
    out.flush()
}
