use super::*;

#[test]
fn write_within_refuses_every_way_out() {
    let root_dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = root_dir.path().join("book");
    write_within(&root, &root.join("en/index.html"), b"ok").expect("inside is written");
    assert_eq!(std::fs::read(root.join("en/index.html")).unwrap(), b"ok");
    let escapes = [
        root.join("../x.html"),
        root.join("en/../../x.html"),
        outside.path().join("x.html"),
        root.clone(),
    ];
    for p in &escapes {
        let e = write_within(&root, p, b"no").expect_err(&p.display().to_string());
        assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
        let e = create_new_within(&root, p, b"no").expect_err(&p.display().to_string());
        assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
    }
    #[cfg(unix)]
    {
        // A folder inside that is a symlink to one outside leads out too.
        std::os::unix::fs::symlink(outside.path(), root.join("link")).unwrap();
        let e = write_within(&root, &root.join("link/x.html"), b"no").expect_err("symlink");
        assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!root_dir.path().join("x.html").exists());
}

/// Only the written files are left: no temporary stays behind.
#[cfg(unix)]
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Symlinks planted at predictable temporary names (`report.tmp.<pid>`, for
/// this PID and the next ones) would let another user redirect a write: none
/// is followed.
#[cfg(unix)]
#[test]
fn a_symlink_planted_at_a_temporary_name_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let pid = std::process::id();
    for p in pid..pid + 50 {
        for name in [
            format!("report.tmp.{p}"),
            format!("index.tmp.{p}"),
            format!(".report.xml.{p}.tmp"),
        ] {
            std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
        }
    }
    let before = names(&out);
    write_named(&out.join("report.xml"), b"<report/>").unwrap();
    write_within(&out, &out.join("index.html"), b"<page/>").unwrap();
    write_within(&out, &out.join("index.html"), b"<page again/>").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(std::fs::read_to_string(out.join("report.xml")).unwrap(), "<report/>");
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "<page again/>"
    );
    let mut expected = before;
    expected.extend(["index.html".to_string(), "report.xml".to_string()]);
    expected.sort();
    assert_eq!(names(&out), expected, "no temporary is left");
}

/// Inside the book, a symlink at a page's name may lead out: it is replaced, not written through.
#[cfg(unix)]
#[test]
fn a_symlink_at_a_page_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::os::unix::fs::symlink(&victim, book.join("index.html")).unwrap();
    write_within(&book, &book.join("index.html"), b"<page/>").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let m = std::fs::symlink_metadata(book.join("index.html")).unwrap();
    assert!(m.is_file(), "a regular file now");
    // init never writes over anything, a symlink included.
    std::os::unix::fs::symlink(&victim, book.join("new.md")).unwrap();
    let e = create_new_within(&book, &book.join("new.md"), b"x").unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

/// A page is readable as one `fs::write` makes it, not a temporary's owner-only mode.
#[cfg(unix)]
#[test]
fn a_written_file_has_the_mode_fs_write_gives() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "x").unwrap();
    write_within(dir.path(), &dir.path().join("page.html"), b"x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("page.html")), mode(&plain));
}

/// A FIFO is written into (a reader gets the report) and stays a FIFO.
#[cfg(unix)]
#[test]
fn a_fifo_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.xml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read(&reader));
    });
    write_named(&fifo, b"<testsuites/>").unwrap();
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the reader got the report within 10 s")
        .unwrap();
    assert_eq!(got, b"<testsuites/>");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // In a book folder too.
    assert_eq!(names(dir.path()), ["report.xml"]);
}

/// `/dev/full` is written into and fails as a device does; it stays a device.
#[cfg(target_os = "linux")]
#[test]
fn a_device_is_written_into_and_its_error_comes_back() {
    use std::os::unix::fs::FileTypeExt;
    let e = write_named(Path::new("/dev/full"), b"<testsuites/>").expect_err("/dev/full is full");
    assert_eq!(e.raw_os_error(), Some(28), "ENOSPC: {e}");
    assert!(std::fs::metadata("/dev/full").unwrap().file_type().is_char_device());
    write_named(Path::new("/dev/null"), b"<testsuites/>").expect("/dev/null takes it");
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn a_report_gets_its_folder_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports/ci/junit.xml");
    write_named(&path, b"<testsuites/>").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"<testsuites/>");
    write_named(&path, b"<again/>").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"<again/>");
}
