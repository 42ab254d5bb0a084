//! Reading a file a user names: a regular file or, where a stream makes sense, a pipe; never a
//! device or a directory, and never more than [`MAX_BYTES`] (`/dev/zero` or an endless pipe
//! would otherwise fill memory until the process is killed).

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The most a file read whole may hold: 1 GiB, ten times the largest case file measured (a
/// 100 MB TOML file reads in 0,8 s).
pub const MAX_BYTES: u64 = 1 << 30;

/// May `path` be read? A regular file, or a pipe where `allow_pipe` (a shell's `<(…)`); not a
/// directory, a device or a socket.
pub fn check(path: &Path, allow_pipe: bool) -> std::io::Result<()> {
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "is a directory, not a file",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "is a device, not a file",
            ));
        }
        if kind.is_fifo() && !allow_pipe {
            return Err(Error::new(ErrorKind::InvalidInput, "is a pipe, not a file"));
        }
    }
    #[cfg(not(unix))]
    if !kind.is_file() && !allow_pipe {
        return Err(Error::new(ErrorKind::InvalidInput, "is not a regular file"));
    }
    Ok(())
}

/// The bytes of `path`, checked by [`check`] and at most [`MAX_BYTES`].
pub fn read(path: &Path, allow_pipe: bool) -> std::io::Result<Vec<u8>> {
    check(path, allow_pipe)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("is larger than {} MiB", MAX_BYTES >> 20),
        ));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_text(path: &Path, allow_pipe: bool) -> std::io::Result<String> {
    String::from_utf8(read(path, allow_pipe)?).map_err(|e| Error::new(ErrorKind::InvalidData, e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_files_read() {
        assert!(read(Path::new("/dev/zero"), true).is_err());
        assert!(read(Path::new("/"), true).is_err());
        let text = read_text(Path::new(env!("CARGO_MANIFEST_PATH")), false);
        assert!(text.is_ok_and(|t| t.contains("[package]")));
    }
}
