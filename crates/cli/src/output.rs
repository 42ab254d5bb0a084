//! A file the user names with `--out`: written whole or not at all, never over an input.
//!
//! A regular file (or a new one) is written to a uniquely named temporary file beside it and
//! renamed into place when complete, so a failed run leaves the old file as it was and a
//! reader never sees half of it; a file it replaces keeps its mode. A symbolic link is
//! followed (the file it names is replaced, the link kept). Anything else at the path (a pipe,
//! `/dev/stdout`, a device) is written into directly: renaming over it would put a regular
//! file where the device was.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

enum Sink {
    File(BufWriter<tempfile::NamedTempFile>),
    Stream(BufWriter<std::fs::File>),
}

pub struct OutFile {
    sink: Sink,
    target: PathBuf,
    shown: String,
}

/// Opens `out` for writing; refuses a directory, or a path that names one of `inputs` (`clash`
/// says what would be lost: "the results would replace the cases").
pub fn create(out: &Path, inputs: &[&Path], clash: &str) -> Result<OutFile, String> {
    let shown = out.display().to_string();
    if let Ok(a) = out.canonicalize()
        && inputs
            .iter()
            .any(|i| i.canonicalize().is_ok_and(|b| a == b))
    {
        return Err(format!("{shown}: --out names the input file; {clash}"));
    }
    if out.is_dir() {
        return Err(format!("{shown}: is a directory; --out names a file"));
    }
    // What the path names, links followed: a pipe or a device (`/dev/stdout` is a link to
    // one) is written into.
    if let Ok(m) = std::fs::metadata(out)
        && !m.is_file()
    {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(out)
            .map_err(|e| format!("{shown}: cannot write: {e}"))?;
        return Ok(OutFile {
            sink: Sink::Stream(BufWriter::with_capacity(1 << 20, file)),
            target: out.to_path_buf(),
            shown,
        });
    }
    // An existing file is replaced by renaming the finished one over it, which the directory's
    // permission allows even where the file's own does not: a file the user may not write
    // (read-only, or someone else's) is refused as `>` would refuse it. Opening it to write
    // does not truncate it.
    if std::fs::metadata(out).is_ok_and(|m| m.is_file()) {
        std::fs::OpenOptions::new()
            .write(true)
            .open(out)
            .map_err(|e| format!("{shown}: cannot write: {e}"))?;
    }
    let target = match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => out.canonicalize().map_err(|e| {
            format!("{shown}: a symbolic link to nothing that can be written ({e})")
        })?,
        _ => out.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    // A file like any other the user writes (0666 less the umask), not the private mode of a
    // temporary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| format!("{shown}: cannot write beside it: {e}"))?;
    Ok(OutFile {
        sink: Sink::File(BufWriter::with_capacity(1 << 20, tmp)),
        target,
        shown,
    })
}

impl OutFile {
    /// Puts the complete file in place (or flushes the stream).
    pub fn finish(self) -> Result<(), String> {
        let shown = self.shown;
        let cannot = |e: std::io::Error| format!("{shown}: cannot write: {e}");
        match self.sink {
            Sink::Stream(mut w) => w.flush().map_err(cannot),
            Sink::File(w) => {
                let tmp = w.into_inner().map_err(|e| cannot(e.into_error()))?;
                if let Ok(m) = std::fs::metadata(&self.target) {
                    tmp.as_file()
                        .set_permissions(m.permissions())
                        .map_err(cannot)?;
                }
                tmp.persist(&self.target)
                    .map(|_| ())
                    .map_err(|e| cannot(e.error))
            }
        }
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::File(w) => w.write(buf),
            Sink::Stream(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(w) => w.write_all(buf),
            Sink::Stream(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(w) => w.flush(),
            Sink::Stream(w) => w.flush(),
        }
    }
}
