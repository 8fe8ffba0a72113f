//! The fields of a step's evidence a `compare` claim may read, per action:
//! the one table of them. Validation takes the names a lesson may write from
//! here; `record::Evidence::read` reads each field with a `match` over these
//! enums that the compiler checks is exhaustive, so a field named here and
//! never read (or read and never named) does not compile.

/// Declares one enum of fields per action, their names as lessons write
/// them, and [`Field`], which holds a field of any of them.
macro_rules! fields {
    ($( $(#[$doc:meta])* $variant:ident($ty:ident) = $action:literal { $( $(#[$fdoc:meta])* $v:ident = $name:literal, )+ } )+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub enum $ty {
                $( $(#[$fdoc])* $v, )+
            }

            impl $ty {
                const ALL: &'static [$ty] = &[$($ty::$v),+];

                /// The field's name, as a lesson writes it.
                pub fn name(self) -> &'static str {
                    match self {
                        $($ty::$v => $name,)+
                    }
                }
            }
        )+

        /// A field of one action's evidence, as a `compare` claim names it
        /// (`field:` beside the step whose evidence it reads).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Field {
            $( $(#[$doc])* $variant($ty), )+
        }

        impl Field {
            /// The field `name` of the evidence of an `action` step (the
            /// action's name, as `Action::name` gives it); None when that
            /// action's evidence has no such field.
            pub fn parse(action: &str, name: &str) -> Option<Field> {
                match action {
                    $( $action => $ty::ALL.iter().find(|f| f.name() == name).map(|f| Field::$variant(*f)), )+
                    _ => None,
                }
            }

            /// The names of the fields an `action` step's evidence has, in
            /// the order the lesson format lists them; empty for an action
            /// whose evidence has none.
            pub fn names(action: &str) -> Vec<&'static str> {
                match action {
                    $( $action => $ty::ALL.iter().map(|f| f.name()).collect(), )+
                    _ => Vec::new(),
                }
            }

            /// The field's name, as a lesson writes it.
            pub fn name(self) -> &'static str {
                match self {
                    $( Field::$variant(f) => f.name(), )+
                }
            }

            /// The actions whose evidence has fields.
            pub(crate) const ACTIONS: &'static [&'static str] = &[$($action),+];
        }
    };
}

fields! {
    /// Of an `exec` step: what the command printed and how it exited.
    Exec(ExecField) = "exec" {
        /// Standard output, trimmed.
        Stdout = "stdout",
        /// Standard error, trimmed.
        Stderr = "stderr",
        /// The exit code; no value when the engine gave none.
        ExitCode = "exit_code",
    }
    /// Of a `host_info` step: the host and engine the evidence came from.
    HostInfo(HostInfoField) = "host_info" {
        /// `linux` or `windows`.
        Os = "os",
        /// The OS's name as the host gives it.
        OsName = "os_name",
        /// The OS's version.
        OsVersion = "os_version",
        /// The Windows build number; empty on Linux.
        OsBuild = "os_build",
        /// The kernel's version.
        Kernel = "kernel",
        /// What a container sharing this kernel reports as its version:
        /// the kernel on Linux, the build number on Windows.
        KernelRelease = "kernel_release",
        /// The host's name.
        Hostname = "hostname",
        /// The engine's version.
        EngineVersion = "engine_version",
        /// The runtime a container gets when it asks for none.
        DefaultRuntime = "default_runtime",
        /// The host's network interfaces, space-separated.
        NetInterfaces = "net_interfaces",
    }
    /// Of a `host_file` step.
    HostFile(HostFileField) = "host_file" {
        /// `true` or `false`: whether the path exists on the host.
        Exists = "exists",
        /// The path looked for.
        Path = "path",
    }
    /// Of a `host_registry` step.
    HostRegistry(HostRegistryField) = "host_registry" {
        /// `true` or `false`: whether the key (or value) exists.
        Exists = "exists",
        /// The key looked for.
        Key = "key",
    }
    /// Of a `run` step: the container it started.
    Run(RunField) = "run" {
        /// The container's id.
        Id = "id",
        /// The image the container ran.
        Image = "image",
        /// The runtime (Linux) or isolation mode (Windows) the engine reports.
        Runtime = "runtime",
        /// The isolation the lesson asked for: `process` or `hyperv`.
        Isolation = "isolation",
    }
    /// Of an `adopt` step: the learner's container.
    Adopt(AdoptField) = "adopt" {
        /// The container's id.
        Id = "id",
        /// The container's name.
        Name = "name",
        /// The image the container runs.
        Image = "image",
        /// The runtime (Linux) or isolation mode (Windows) the engine reports.
        Runtime = "runtime",
        /// The container's state, as the engine reports it.
        State = "state",
    }
    /// Of a `top` step: the engine's view of the container's processes.
    Top(TopField) = "top" {
        /// The PIDs listed, space-separated.
        Pids = "pids",
        /// The process names listed, space-separated.
        Names = "names",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_found_by_its_action_and_name_only() {
        assert_eq!(Field::parse("exec", "stdout"), Some(Field::Exec(ExecField::Stdout)));
        assert_eq!(
            Field::parse("host_file", "exists"),
            Some(Field::HostFile(HostFileField::Exists))
        );
        assert_eq!(
            Field::parse("host_registry", "exists"),
            Some(Field::HostRegistry(HostRegistryField::Exists))
        );
        assert_eq!(Field::parse("exec", "exists"), None, "another action's field");
        assert_eq!(
            Field::parse("host_processes", "names"),
            None,
            "an action without fields"
        );
        assert_eq!(Field::parse("nope", "stdout"), None);
        assert_eq!(Field::names("top"), ["pids", "names"]);
        assert!(Field::names("host_processes").is_empty());
        for action in Field::ACTIONS {
            for name in Field::names(action) {
                let f = Field::parse(action, name).unwrap();
                assert_eq!(f.name(), name, "{action}.{name}");
            }
        }
    }
}
