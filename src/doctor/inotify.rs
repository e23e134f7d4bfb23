//! How much of the kernel's per-user inotify limits is in use: the limits from
//! `/proc/sys/fs/inotify/`, the use counted from `/proc/PID/fd` (an inotify instance is an
//! fd that links to `anon_inode:inotify`) and `/proc/PID/fdinfo/FD` (one `inotify wd:`
//! line per watch), over the processes of this user that this process may look into.

use std::path::Path;

use crate::doctor::facts::{InotifyFacts, InotifyUse};

const LIMITS: &str = "/proc/sys/fs/inotify";

/// The limits and the use, for `needed` watches.
#[must_use]
pub fn gather(needed: u64) -> InotifyFacts {
    let limit = |name: &str| {
        let path = Path::new(LIMITS).join(name);
        std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|text| text.trim().parse::<u64>().map_err(|e| format!("{}: {e}", path.display())))
    };
    InotifyFacts {
        max_user_watches: limit("max_user_watches"),
        max_user_instances: limit("max_user_instances"),
        used: count_use(Path::new("/proc"), nix::unistd::getuid().as_raw()),
        needed,
    }
}

/// The instances and watches held by the processes of `uid` under `proc`; `None` when
/// `proc` cannot be listed.
#[must_use]
pub fn count_use(proc: &Path, uid: u32) -> Option<InotifyUse> {
    use std::os::unix::fs::MetadataExt;
    let mut total = InotifyUse::default();
    for entry in std::fs::read_dir(proc).ok()?.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let process = entry.path();
        // The limits count by real user; /proc/PID belongs to the process's user.
        if std::fs::metadata(&process).map(|m| m.uid()).ok() != Some(uid) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(process.join("fd")) else { continue };
        for fd in fds.flatten() {
            let is_inotify =
                std::fs::read_link(fd.path()).is_ok_and(|target| target.as_os_str() == "anon_inode:inotify");
            if !is_inotify {
                continue;
            }
            total.instances += 1;
            if let Ok(info) = std::fs::read_to_string(process.join("fdinfo").join(fd.file_name())) {
                total.watches += watches_in(&info);
            }
        }
    }
    Some(total)
}

/// The watches an inotify fd's `fdinfo` lists.
#[must_use]
pub fn watches_in(fdinfo: &str) -> u64 {
    fdinfo.lines().filter(|line| line.starts_with("inotify wd:")).count().try_into().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_are_the_wd_lines() {
        let info = "pos:\t0\nflags:\t00\nmnt_id:\t15\nino:\t1057\n\
                    inotify wd:2 ino:1a sdev:800001 mask:fc6 ignored_mask:0 fhandle-bytes:8 fhandle-type:1 f_handle:1a\n\
                    inotify wd:1 ino:2 sdev:800001 mask:fc6 ignored_mask:0 fhandle-bytes:8 fhandle-type:1 f_handle:02\n";
        assert_eq!(watches_in(info), 2);
        assert_eq!(watches_in("pos:\t0\n"), 0);
    }

    #[test]
    fn this_process_s_own_watch_is_counted() {
        use notify::Watcher;
        let dir = tempfile::tempdir().unwrap();
        let uid = nix::unistd::getuid().as_raw();
        let before = count_use(Path::new("/proc"), uid).unwrap();
        let mut watcher = notify::recommended_watcher(|_| {}).unwrap();
        watcher.watch(dir.path(), notify::RecursiveMode::NonRecursive).unwrap();
        let after = count_use(Path::new("/proc"), uid).unwrap();
        // Other tests of this process may open watches meanwhile: at least ours is there.
        assert!(after.instances > before.instances || after.instances >= 1, "{before:?} {after:?}");
        assert!(after.watches >= 1, "{after:?}");
        assert!(count_use(Path::new("/nonexistent-proc"), uid).is_none());
    }
}
