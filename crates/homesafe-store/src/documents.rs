//! Document bytes on local disk, content-addressed by SHA-256 (`sha256/ab/cd/<hex>`), beside
//! the database. The record holds each document's hash, media type, who added it and what it
//! evidences (`document.added`); the bytes are written and synced here first, so a document the
//! record acknowledges always has its content. Anyone can check a file with `sha256sum`.

use std::io::Write;
use std::path::{Path, PathBuf};

use homesafe_core::history::Hash;

use crate::error::StoreError;

/// Where document bytes live.
#[derive(Debug, Clone)]
pub struct DocumentStore {
    root: PathBuf,
}

/// A document just stored: its hash and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub sha256: String,
    pub size: u64,
    /// False when identical bytes were already held.
    pub new: bool,
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl DocumentStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DocumentStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_for(&self, sha256: &str) -> PathBuf {
        self.root
            .join("sha256")
            .join(&sha256[0..2])
            .join(&sha256[2..4])
            .join(sha256)
    }

    /// Stores `bytes` (idempotently) and returns their hash. The file is written under a
    /// temporary name, synced and then renamed into place, so a reader never sees half a file.
    pub fn put(&self, bytes: &[u8]) -> Result<StoredDocument, StoreError> {
        let sha256 = Hash::of(bytes).to_string();
        let path = self.path_for(&sha256);
        if path.exists() {
            return Ok(StoredDocument {
                sha256,
                size: bytes.len() as u64,
                new: false,
            });
        }
        let dir = path
            .parent()
            .ok_or_else(|| StoreError::Corrupt("document path".into()))?;
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{sha256}.{}.tmp", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        Ok(StoredDocument {
            sha256,
            size: bytes.len() as u64,
            new: true,
        })
    }

    /// The bytes of a held document, checked against their hash on the way out.
    pub fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        if !is_sha256_hex(sha256) {
            return Err(StoreError::invalid(
                None,
                "sha256",
                "64 lower-case hex digits",
            ));
        }
        let path = self.path_for(sha256);
        match std::fs::read(&path) {
            Ok(bytes) => {
                if Hash::of(&bytes).to_string() != sha256 {
                    return Err(StoreError::Corrupt(format!(
                        "document {sha256}: the file on disk no longer matches its hash"
                    )));
                }
                Ok(Some(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("homesafe-docs-{}-{name}", std::process::id()))
    }

    #[test]
    fn stores_by_content_hash_idempotently_and_checks_on_read() {
        let root = temp_root("a");
        let docs = DocumentStore::new(&root);
        let first = docs.put(b"photo of mould behind the cooker").expect("put");
        assert!(first.new);
        // The same hash `sha256sum` would print.
        assert_eq!(
            first.sha256,
            Hash::of(b"photo of mould behind the cooker").to_string()
        );
        let again = docs
            .put(b"photo of mould behind the cooker")
            .expect("put again");
        assert!(!again.new);
        assert_eq!(
            docs.get(&first.sha256).expect("get").as_deref(),
            Some(&b"photo of mould behind the cooker"[..])
        );
        assert_eq!(docs.get(&"0".repeat(64)).expect("get"), None);
        // A file altered on disk is refused, not served.
        std::fs::write(docs.path_for(&first.sha256), b"something else").expect("tamper");
        assert!(docs.get(&first.sha256).is_err());
        assert!(docs.get("not-a-hash").is_err());
        let _ = std::fs::remove_dir_all(root);
    }
}
