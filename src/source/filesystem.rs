//! What filesystem a folder is on, from the kernel's mount table
//! (`/proc/self/mountinfo`), and whether it is a network one: there a change made on
//! another machine raises no inotify event, so the feed is polled instead of watched.

use std::path::{Component, Path, PathBuf};

/// The kernel's mount table of this process.
pub const MOUNTINFO: &str = "/proc/self/mountinfo";

/// One mount, as far as sitrep cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Where it is mounted.
    pub point: PathBuf,
    /// The filesystem type (`ext4`, `nfs4`, `fuse.sshfs`).
    pub fstype: String,
    /// What is mounted (`server:/export`, `/dev/sda1`).
    pub source: String,
}

impl Mount {
    /// Whether changes made elsewhere escape inotify here.
    #[must_use]
    pub fn is_network(&self) -> bool {
        is_network(&self.fstype)
    }
}

/// Filesystem types whose files other machines change (or a host, for a VM's shares).
const NETWORK: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "coda",
    "9p",
    "virtiofs",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "gfs2",
    "ocfs2",
    "beegfs",
    "orangefs",
    "pvfs2",
    "davfs",
    "vboxsf",
    "vmhgfs",
];
/// FUSE filesystems (`fuse.NAME`) that reach across the network.
const NETWORK_FUSE: &[&str] = &[
    "sshfs",
    "glusterfs",
    "s3fs",
    "rclone",
    "gcsfuse",
    "ceph-fuse",
    "ceph",
    "davfs2",
    "juicefs",
    "mfs",
    "lizardfs",
    "seaweedfs",
    "vmhgfs-fuse",
    "cvmfs2",
    "goofys",
    "blobfuse",
    "blobfuse2",
];

/// Whether `fstype` (as mountinfo names it) is a network filesystem.
#[must_use]
pub fn is_network(fstype: &str) -> bool {
    match fstype.strip_prefix("fuse.").or_else(|| fstype.strip_prefix("fuseblk.")) {
        Some(sub) => NETWORK_FUSE.contains(&sub),
        None => NETWORK.contains(&fstype),
    }
}

/// The mount `path` is on, by the table `mountinfo` (the text of a mountinfo file): the
/// longest mount point that contains it, the later of two at one point (mounted over).
/// `path` should be absolute with symlinks resolved.
#[must_use]
pub fn mount_of(path: &Path, mountinfo: &str) -> Option<Mount> {
    let mut best: Option<(usize, Mount)> = None;
    for line in mountinfo.lines() {
        let Some(mount) = parse_line(line) else { continue };
        if !path.starts_with(&mount.point) {
            continue;
        }
        let depth = mount.point.components().filter(|c| matches!(c, Component::Normal(_))).count();
        if best.as_ref().is_none_or(|(best_depth, _)| depth >= *best_depth) {
            best = Some((depth, mount));
        }
    }
    best.map(|(_, mount)| mount)
}

/// The network mount `folder` is on, if it is on one, by this process's mount table.
#[must_use]
pub fn network_mount(folder: &Path) -> Option<Mount> {
    let table = std::fs::read_to_string(MOUNTINFO).ok()?;
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    mount_of(&folder, &table).filter(Mount::is_network)
}

/// `36 35 98:0 /root /mnt rw,noatime master:1 - ext3 /dev/root rw`: the mount point is
/// the 5th field; the type and source follow the ` - ` separator.
fn parse_line(line: &str) -> Option<Mount> {
    let (before, after) = line.split_once(" - ")?;
    let point = before.split(' ').nth(4)?;
    let mut rest = after.split(' ');
    let fstype = rest.next()?;
    let source = rest.next().unwrap_or_default();
    Some(Mount { point: PathBuf::from(unescape(point)), fstype: unescape(fstype), source: unescape(source) })
}

/// mountinfo writes space, tab, newline and backslash as `\040`, `\011`, `\012`, `\134`.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)));
        match (bytes[i], octal) {
            (b'\\', Some(digits)) => {
                let value = digits.iter().fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 4;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
23 22 0:21 / /proc rw,nosuid - proc proc rw
40 22 0:40 / /srv/feeds rw,relatime shared:30 - nfs4 hub.example:/export/feeds rw,vers=4.2,acregmax=60
41 40 0:41 / /srv/feeds/local rw - tmpfs tmpfs rw
42 22 0:42 / /mnt/with\\040space rw - fuse.sshfs officer@hub:/feeds rw
43 22 0:43 / /srv/feeds-old rw - ext4 /dev/sdb1 rw
";

    fn fstype(path: &str) -> Option<String> {
        mount_of(Path::new(path), TABLE).map(|m| m.fstype)
    }

    #[test]
    fn the_longest_mount_point_wins() {
        assert_eq!(fstype("/var/lib/sitrep").as_deref(), Some("ext4"));
        assert_eq!(fstype("/srv/feeds").as_deref(), Some("nfs4"));
        assert_eq!(fstype("/srv/feeds/national").as_deref(), Some("nfs4"));
        assert_eq!(fstype("/srv/feeds/local/x").as_deref(), Some("tmpfs"));
        // A name that merely begins like a mount point is not under it.
        assert_eq!(fstype("/srv/feeds-old/x").as_deref(), Some("ext4"));
        assert_eq!(fstype("/mnt/with space/feed.toml").as_deref(), Some("fuse.sshfs"));
        let nfs = mount_of(Path::new("/srv/feeds"), TABLE).unwrap();
        assert_eq!(nfs.source, "hub.example:/export/feeds");
        assert!(nfs.is_network());
    }

    #[test]
    fn a_mount_over_another_hides_it() {
        let table = format!("{TABLE}50 22 0:50 / /srv/feeds rw - xfs /dev/sdc1 rw\n");
        assert_eq!(mount_of(Path::new("/srv/feeds/x"), &table).unwrap().fstype, "xfs");
    }

    #[test]
    fn network_types() {
        for network in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p", "ceph", "glusterfs", "fuse.rclone"] {
            assert!(is_network(network), "{network}");
        }
        for local in ["ext4", "xfs", "btrfs", "tmpfs", "overlay", "fuse.gvfsd-fuse", "zfs"] {
            assert!(!is_network(local), "{local}");
        }
    }

    #[test]
    fn escapes_and_junk() {
        assert_eq!(unescape("a\\040b\\134c\\011"), "a b\\c\t");
        assert_eq!(unescape("trailing\\04"), "trailing\\04");
        assert_eq!(mount_of(Path::new("/x"), "garbage\n\n1 2 3\n"), None);
    }
}
