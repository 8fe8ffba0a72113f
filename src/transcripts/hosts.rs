//! The recorded hosts: for each seed transcript, what it typed, what it
//! captured, and which lesson step each capture answers. The captures are the
//! files of tests/fixtures/windows/ (see its README.md), compiled in.

use super::{Capture, HostTables, Lookup, RecordedRun, Source, Started, TopCapture, Transcript, When};
use crate::lesson::Isolation;
use crate::messages::Msg;
use crate::platform::windows;
use crate::record::HostInfo;

/// The captures, one per file, as cleaned from the seeds (see tests/fixtures/windows/README.md).
pub mod fixtures {
    macro_rules! fixture {
        ($name:ident, $file:literal) => {
            #[doc = concat!("The capture `tests/fixtures/windows/", $file, "` (its folder's README.md says where each comes from).")]
            pub const $name: &str = include_str!(concat!("../../tests/fixtures/windows/", $file));
        };
    }
    // Seed 000: one reader's Windows Server 2019 host, in the order typed.
    fixture!(DOCKER_IMAGES, "ws2019-docker-images.txt");
    fixture!(RUN_PROCESS, "ws2019-run-process.txt");
    fixture!(TOP_PROCESS, "ws2019-top-process.txt");
    fixture!(HOST_PING_PROCESS_RUNNING, "ws2019-host-ping-process-running.txt");
    fixture!(HOST_VMWP_BEFORE_HYPERV, "ws2019-host-vmwp-before-hyperv.txt");
    fixture!(RUN_HYPERV, "ws2019-run-hyperv.txt");
    fixture!(HOST_PING_HYPERV_STARTED, "ws2019-host-ping-hyperv-started.txt");
    fixture!(TOP_HYPERV, "ws2019-top-hyperv.txt");
    fixture!(HOST_PING_BOTH_RUNNING, "ws2019-host-ping-both-running.txt");
    fixture!(HOST_VMWP_BOTH_RUNNING, "ws2019-host-vmwp-both-running.txt");
    // Seeds 001/004: Microsoft's "Isolation modes" documentation.
    fixture!(DOCS_TOP_PROCESS, "docs-top-process-short.txt");
    fixture!(DOCS_HOST_PING_PROCESS_RUNNING, "docs-host-ping-process-running.txt");
    fixture!(DOCS_TOP_HYPERV, "docs-top-hyperv-short.txt");
    fixture!(DOCS_HOST_PING_NOT_FOUND, "docs-host-ping-not-found.txt");
    fixture!(DOCS_HOST_VMWP_HYPERV_RUNNING, "docs-host-vmwp-hyperv-running.txt");
    // Seed 003: the Technical Preview's Hyper-V container documentation.
    fixture!(TP_HOST_BEFORE_PROCESS, "tp-csrss-host-before-process.txt");
    fixture!(TP_IN_PROCESS, "tp-csrss-in-process-container.txt");
    fixture!(TP_HOST_PROCESS_RUNNING, "tp-csrss-host-process-running.txt");
    fixture!(TP_HOST_BEFORE_HYPERV, "tp-csrss-host-before-hyperv.txt");
    fixture!(TP_IN_HYPERV, "tp-csrss-in-hyperv-container.txt");
    fixture!(TP_HOST_HYPERV_RUNNING, "tp-csrss-host-hyperv-running.txt");
}

/// The three recorded hosts, in the order the book shows them.
pub const ALL: &[&Transcript] = &[&WS2019, &DOCS, &TECH_PREVIEW];

// ---------------------------------------------------------------- seed 000

const WS_IMAGE: &str = "mcr.microsoft.com/windows/nanoserver:1809";
const PING: &[&str] = &["ping", "localhost", "-t"];

const WS_PROCESS: RecordedRun = RecordedRun {
    isolation: Isolation::Process,
    name: "process",
    // `docker run -d` prints the container id: the capture.
    id: fixtures::RUN_PROCESS,
    image: WS_IMAGE,
    typed:
        "docker run -d --name process --isolation=process mcr.microsoft.com/windows/nanoserver:1809 ping localhost -t",
    started: Started::Docker {
        command: PING,
        listed_by_docker_images: true,
    },
};
const WS_HYPERV: RecordedRun = RecordedRun {
    isolation: Isolation::Hyperv,
    name: "hyperv",
    id: fixtures::RUN_HYPERV,
    image: WS_IMAGE,
    typed: "docker run -d --name hyperv --isolation=hyperv mcr.microsoft.com/windows/nanoserver:1809 ping localhost -t",
    started: Started::Docker {
        command: PING,
        listed_by_docker_images: true,
    },
};
const WS_TOP_PROCESS: Source = Source::Top(TopCapture::docker_top(&WS_PROCESS, fixtures::TOP_PROCESS));
const WS_TOP_HYPERV: Source = Source::Top(TopCapture::docker_top(&WS_HYPERV, fixtures::TOP_HYPERV));
/// Taken last in the transcript, with both containers running.
const WS_HOST_TABLES: Source = Source::HostProcesses(HostTables {
    captures: &[
        Capture::by_name("ping", fixtures::HOST_PING_BOTH_RUNNING),
        Capture::by_name("vmwp", fixtures::HOST_VMWP_BOTH_RUNNING),
    ],
    when: When::BothRunning,
    running: &["process", "hyperv"],
});
/// Taken after the process-isolated container started, before the Hyper-V one.
const WS_HOST_TABLES_BEFORE_HYPERV: Source = Source::HostProcesses(HostTables {
    captures: &[
        Capture::by_name("ping", fixtures::HOST_PING_PROCESS_RUNNING),
        Capture::by_name("vmwp", fixtures::HOST_VMWP_BEFORE_HYPERV),
    ],
    when: When::BeforeHyperv,
    running: &["process"],
});

/// One reader's Windows Server 2019 host (seed 000). Keyed by lesson id, so
/// every language of a lesson reads the same transcript. The transcript
/// started one container of each kind, so a lesson with more (sandbox-b,
/// sandbox-c) gets only the first answered.
pub const WS2019: Transcript = Transcript {
    label: "windows-server-2019-recorded",
    run_id: "recorded-ws2019",
    build: "17763",
    host: ws2019_host,
    note: || Msg::RecordedWs2019Note,
    steps: &[
        ("process-isolation", "host", Source::HostInfo),
        ("process-isolation", "run-process", Source::Run(WS_PROCESS)),
        ("process-isolation", "top-process", WS_TOP_PROCESS),
        ("process-isolation", "host-before", WS_HOST_TABLES_BEFORE_HYPERV),
        ("process-isolation", "run-sandboxed", Source::Run(WS_HYPERV)),
        ("process-isolation", "top-sandboxed", WS_TOP_HYPERV),
        ("process-isolation", "host-view", WS_HOST_TABLES),
        ("system-processes", "run-process", Source::Run(WS_PROCESS)),
        ("system-processes", "top-process", WS_TOP_PROCESS),
        ("system-processes", "run-sandboxed", Source::Run(WS_HYPERV)),
        ("system-processes", "top-sandboxed", WS_TOP_HYPERV),
        ("sandbox-isolation", "host", Source::HostInfo),
        ("sandbox-isolation", "host-before", WS_HOST_TABLES_BEFORE_HYPERV),
        ("sandbox-isolation", "sandbox-a", Source::Run(WS_HYPERV)),
        ("sandbox-isolation", "top-a", WS_TOP_HYPERV),
        ("sandbox-isolation", "host-view", WS_HOST_TABLES),
        ("what-is-isolated", "host", Source::HostInfo),
        ("what-is-isolated", "run-process", Source::Run(WS_PROCESS)),
        ("versions", "host", Source::HostInfo),
        ("versions", "run-process", Source::Run(WS_PROCESS)),
    ],
};

/// The recorded host as the transcript states it: Windows Server 2019, an
/// image tag (1809) matching the host's build, both isolation modes. What it
/// does not show (engine version, kernel string, host name, date) stays empty.
fn ws2019_host() -> HostInfo {
    HostInfo {
        os_name: "Windows Server 2019".into(),
        os_version: "1809".into(),
        os_build: "17763".into(),
        // The transcript shows no `docker version`; a product name reads the same in every language.
        engine_version: "Docker".into(),
        ..windows_host()
    }
}

/// What every recorded host shares: a Windows engine offering both isolation
/// modes. No transcript shows `docker info`, a date or a host name.
fn windows_host() -> HostInfo {
    HostInfo {
        os: crate::platform::Os::Windows,
        os_name: String::new(),
        os_version: String::new(),
        os_build: String::new(),
        kernel: String::new(),
        hostname: String::new(),
        engine_endpoint: String::new(),
        engine_version: String::new(),
        engine_api_version: String::new(),
        engine_os: "windows".into(),
        runtimes: Vec::new(),
        default_runtime: String::new(),
        isolation: windows::bindings(),
        captured_at: String::new(),
        default_isolation: String::new(),
        net_interfaces: Vec::new(),
        elsewhere: Default::default(),
        proofbook_host: String::new(),
    }
}

// ---------------------------------------------------------------- seeds 001/004

/// The documentation's image: `ltsc2019` is build 17763, as `1809` is.
const DOCS_IMAGE: &str = "mcr.microsoft.com/windows/servercore:ltsc2019";

/// The page calls it a process-isolated container; it passes no
/// `--isolation`, which on Windows Server means process isolation.
const DOCS_PROCESS: RecordedRun = RecordedRun {
    isolation: Isolation::Process,
    name: "process",
    // The id `docker top` was given.
    id: "1f8bf89026c8f66921a55e773bac1c60174bb6bab52ef427c6c8dbc8698f9d7a",
    image: DOCS_IMAGE,
    typed: "docker run -d mcr.microsoft.com/windows/servercore:ltsc2019 ping localhost -t",
    started: Started::Docker {
        command: PING,
        listed_by_docker_images: false,
    },
};
const DOCS_HYPERV: RecordedRun = RecordedRun {
    isolation: Isolation::Hyperv,
    name: "hyperv",
    id: "5d5611e38b31a41879d37a94468a1e11dc1086dcd009e2640d36023aa1663e62",
    image: DOCS_IMAGE,
    typed: "docker run -d --isolation=hyperv mcr.microsoft.com/windows/servercore:ltsc2019 ping localhost -t",
    started: Started::Docker {
        command: PING,
        listed_by_docker_images: false,
    },
};
/// The page abbreviates `docker top` to the workload's `PID name` row.
const DOCS_TOP_PROCESS: Source = Source::Top(TopCapture {
    shows: Some(&["ping"]),
    ..TopCapture::docker_top(&DOCS_PROCESS, fixtures::DOCS_TOP_PROCESS)
});
const DOCS_TOP_HYPERV: Source = Source::Top(TopCapture {
    shows: Some(&["ping"]),
    ..TopCapture::docker_top(&DOCS_HYPERV, fixtures::DOCS_TOP_HYPERV)
});
/// The process isolation example: only its container runs.
const DOCS_PROCESS_TABLES: Source = Source::HostProcesses(HostTables {
    captures: &[Capture::by_name("ping", fixtures::DOCS_HOST_PING_PROCESS_RUNNING)],
    when: When::DocsProcessExample,
    running: &["process"],
});
/// The Hyper-V example: its ping is not found, so the process-isolated
/// container (whose ping the host listed before) no longer ran.
const DOCS_HYPERV_TABLES: Source = Source::HostProcesses(HostTables {
    captures: &[
        Capture::by_name("ping", fixtures::DOCS_HOST_PING_NOT_FOUND),
        Capture::by_name("vmwp", fixtures::DOCS_HOST_VMWP_HYPERV_RUNNING),
    ],
    when: When::DocsHypervExample,
    running: &["hyperv"],
});

/// Microsoft Learn's "Isolation modes" example (seeds 001 and 004, the same
/// output; the commands are the current page's, seed 004). Its two
/// demonstrations took their host tables at different times, so each lesson
/// step reads the table of the demonstration its claims are about, and a
/// claim pairing a container with a table taken while it was not running is
/// not judged (`not_running`).
pub const DOCS: Transcript = Transcript {
    label: "microsoft-learn-example-recorded",
    run_id: "recorded-learn-example",
    build: "17763",
    host: docs_host,
    note: || Msg::RecordedDocsNote,
    steps: &[
        ("process-isolation", "run-process", Source::Run(DOCS_PROCESS)),
        ("process-isolation", "top-process", DOCS_TOP_PROCESS),
        ("process-isolation", "run-sandboxed", Source::Run(DOCS_HYPERV)),
        ("process-isolation", "top-sandboxed", DOCS_TOP_HYPERV),
        ("process-isolation", "host-view", DOCS_PROCESS_TABLES),
        ("system-processes", "run-process", Source::Run(DOCS_PROCESS)),
        ("system-processes", "top-process", DOCS_TOP_PROCESS),
        ("system-processes", "run-sandboxed", Source::Run(DOCS_HYPERV)),
        ("system-processes", "top-sandboxed", DOCS_TOP_HYPERV),
        ("sandbox-isolation", "sandbox-a", Source::Run(DOCS_HYPERV)),
        ("sandbox-isolation", "top-a", DOCS_TOP_HYPERV),
        ("sandbox-isolation", "host-view", DOCS_HYPERV_TABLES),
        ("what-is-isolated", "run-process", Source::Run(DOCS_PROCESS)),
        ("versions", "run-process", Source::Run(DOCS_PROCESS)),
    ],
};

/// The page's images are build 17763, which process isolation runs only on
/// a host of that build: Windows Server 2019. It shows nothing else of it.
fn docs_host() -> HostInfo {
    HostInfo {
        os_name: "Windows Server 2019".into(),
        os_version: "1809".into(),
        os_build: "17763".into(),
        engine_version: "Docker".into(),
        ..windows_host()
    }
}

// ---------------------------------------------------------------- seed 003

const TP_WHERE_CSRSS: &str = "get-process | where {$_.ProcessName -eq 'csrss'}";

/// `New-Container`/`Start-Container` of the Technical Preview's container
/// module: no docker, no command (the image's own), no container id shown.
const TP_PROCESS: RecordedRun = RecordedRun {
    isolation: Isolation::Process,
    name: "WINCONT",
    id: "WINCONT",
    image: "WindowsServerCore",
    typed: "New-Container -Name WINCONT -ContainerImageName WindowsServerCore -SwitchName \"Virtual Switch\"; Start-Container $con",
    started: Started::NewContainer,
};
const TP_HYPERV: RecordedRun = RecordedRun {
    isolation: Isolation::Hyperv,
    name: "HYPVCON",
    id: "HYPVCON",
    image: "NanoServer",
    typed: "New-Container -Name HYPVCON -ContainerImageName NanoServer -SwitchName \"Virtual Switch\" -RuntimeType HyperV; Start-Container $con",
    started: Started::NewContainer,
};
/// There was no `docker top`: the page lists the container's csrss from a
/// session inside it. A container's own process list is what `docker top`
/// reports for Windows containers (both isolation modes), here only csrss.
const TP_TOP_PROCESS: Source = Source::Top(TopCapture {
    run: &TP_PROCESS,
    capture: fixtures::TP_IN_PROCESS,
    typed: Some("[WINCONT]: PS C:\\> get-process | where {$_.ProcessName -eq 'csrss'}"),
    shows: Some(&["csrss"]),
});
const TP_TOP_HYPERV: Source = Source::Top(TopCapture {
    run: &TP_HYPERV,
    capture: fixtures::TP_IN_HYPERV,
    typed: Some("[HYPVCON]: PS C:\\> get-process | where {$_.ProcessName -eq 'csrss'}"),
    shows: Some(&["csrss"]),
});
const TP_HOST_PROCESS_RUNNING: Source = Source::HostProcesses(HostTables {
    captures: &[Capture {
        name: "csrss",
        lookup: Lookup::Typed(TP_WHERE_CSRSS),
        text: fixtures::TP_HOST_PROCESS_RUNNING,
    }],
    when: When::TpProcessRunning,
    running: &["WINCONT"],
});
const TP_HOST_HYPERV_RUNNING: Source = Source::HostProcesses(HostTables {
    captures: &[Capture {
        name: "csrss",
        lookup: Lookup::Typed(TP_WHERE_CSRSS),
        text: fixtures::TP_HOST_HYPERV_RUNNING,
    }],
    when: When::TpHypervRunning,
    running: &["HYPVCON"],
});

/// The Technical Preview documentation of Hyper-V containers (seed 003): the
/// host's csrss processes before and while each kind of container runs, and
/// the container's own csrss from inside it. The tables taken before each
/// container (`tp-csrss-host-before-*`) answer no lesson step: no lesson
/// lists csrss before starting a container.
pub const TECH_PREVIEW: Transcript = Transcript {
    label: "windows-server-tp-recorded",
    run_id: "recorded-tp",
    build: "",
    host: tp_host,
    note: || Msg::RecordedTpNote,
    steps: &[
        ("system-processes", "run-process", Source::Run(TP_PROCESS)),
        ("system-processes", "top-process", TP_TOP_PROCESS),
        ("system-processes", "run-sandboxed", Source::Run(TP_HYPERV)),
        ("system-processes", "top-sandboxed", TP_TOP_HYPERV),
        ("system-processes", "host-view", TP_HOST_PROCESS_RUNNING),
        ("system-processes", "host-csrss", TP_HOST_HYPERV_RUNNING),
    ],
};

/// The page names no build; it is preview documentation of Windows Server
/// 2016 (Hyper-V containers came with its Technical Preview 4).
fn tp_host() -> HostInfo {
    HostInfo {
        os_name: "Windows Server 2016 Technical Preview".into(),
        // No docker: the note says so, in the page's language.
        ..windows_host()
    }
}
