//! The catalogue: every sentence proofbook says, declared once with its
//! parameters. Each language is one file (`en.rs`, `ko.rs`) holding a
//! [`Catalogue`] value; a sentence missing from a language does not compile,
//! and `tests.rs` checks that every language's text names exactly the
//! parameters declared here (see docs/messages.md).

/// Declares the message ids ([`Id`]), their parameters and the [`Catalogue`]
/// struct a language fills in, from one list.
macro_rules! catalogue {
    ($($id:ident($($p:ident),*) $(as $name:literal)?;)*) => {
        /// One sentence of the catalogue. A page's own words are read as
        /// fields of [`Catalogue`] rather than through an id, hence `dead_code`.
        #[allow(non_camel_case_types, dead_code)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Id {
            $($id,)*
        }

        /// Every sentence in one language. Page templates read it as `t.key`
        /// (and `t[verdict]`, `t["a_" ~ action]`: its serialized names are the keys).
        #[derive(Debug, serde::Serialize)]
        pub(crate) struct Catalogue {
            $($(#[serde(rename = $name)])? pub $id: &'static str,)*
        }

        impl Id {
            /// Every id, in declaration order (`--help` finds its descriptions by name).
            pub(crate) const ALL: &'static [Id] = &[$(Id::$id,)*];

            /// The parameters the sentence is made from, as its text names them.
            #[cfg(test)]
            pub(crate) fn params(self) -> &'static [&'static str] {
                match self {
                    $(Id::$id => &[$(stringify!($p)),*],)*
                }
            }

            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Id::$id => stringify!($id),)*
                }
            }
        }

        impl Catalogue {
            /// The text of `id` in this language.
            pub(crate) fn get(&self, id: Id) -> &'static str {
                match id {
                    $(Id::$id => self.$id,)*
                }
            }

            /// The same catalogue with every text passed through `f` (the pseudo-locale).
            #[cfg(test)]
            pub(crate) fn map(&self, f: impl Fn(&'static str) -> &'static str) -> Catalogue {
                Catalogue { $($id: f(self.$id),)* }
            }
        }
    };
}

catalogue! {
    step_missing(step);
    needs_unrun_step(step, reason);
    needs_timed_out_step(step);
    needs_failed_step(step);
    no_isolation_mapping(isolation);
    step_only_for(only, os);
    step_no_form(os);
    claim_only_for(only, os);
    claim_no_form(os);
    engine_not_local_processes(endpoint, why);
    engine_not_local_files(endpoint, why);
    no_container_started(step);
    overruled(stored, judged, reason);
    overruled_claim(file, claim, notice);
    result_without_claim(file, claim, stored);
    link_shown_as_text(url);
    engine_in_mac_vm();
    filter_all();
    filter_any(parts);
    filter_name(names);
    filter_pids_from(steps, pids);
    filter_pids_from_unrun(steps, pids, unrun);
    filter_pids(pids);
    filter_transcript(names, when);
    filter_transcript_no_pid_lookup(names, when, steps);
    transcript_both_running();
    transcript_before_hyperv();
    image_local();
    image_local_base();
    image_pulled();
    image_imported();
    image_stands_in(source, image);
    image_pulled_in_transcript();
    image_other_base_in_transcript(asked, ran);
    recorded_ws2019_note();
    not_in_transcript();
    exercise_build(lesson);
    exercise_not_part();
    adopt_missing(name, command);
    adopt_not_running(name, status, command);
    transcript_ran_other(typed);
    transcript_other_container(id);
    transcript_by_name_only();
    transcript_no_capture(names);
    transcript_other_kind(action);
    transcript_tables_cannot_answer(names, kind);
    transcript_tables_lack(names, process);
    transcript_same_captures(before, host, worker, pids);
    stale_claim(run);
    stale_step(run);
    no_image_tag(why, known);
    no_tag_client_process(host);
    no_tag_for_isolation(host, isolation);
    no_tag_unknown_build(build);
    no_tag_older_build(build);
    image_newer_than_host(tag, image_build, isolation, host, build, usable);
    image_other_build(tag, image_build, isolation, host, build, usable);
    engine_not_local_registry(endpoint, why);
    no_registry_here();
    recorded_docs_note();
    recorded_tp_note();
    transcript_docs_process_example();
    transcript_docs_hyperv_example();
    transcript_tp_process_running();
    transcript_tp_hyperv_running();
    filter_transcript_typed(names, typed, when);
    filter_transcript_typed_no_pid_lookup(names, typed, when, steps);
    transcript_listing_shows_only(step, shown, asked);
    transcript_listing_cannot_answer(step, shown);
    transcript_not_running(host, when, container, step);
    image_new_container(image);
    image_in_docs_example();
    image_other_base_in_docs_example(asked, ran);
    hyperv_fix();
    hyperv_unavailable(error, fix);
    runtime_forced_missing(runtime, registered);
    no_sandbox_runtime(config);
    engine_other_os(engine_os, here_os);
    engine_no_name();
    engine_other_name(engine, here);
    engine_other_memory(engine_mib, here_mib);
    engine_container_pid_missing(name, pid);
    exec_start_failed(program, code, said);
    engine_lost(endpoint, detail);
    engine_no_answer(endpoint, secs);
    engine_status(status, message);
    image_not_pulled(image, pull);
    image_not_built(image, pull, build);
    pulls_off();
    no_static_busybox();
    base_image_tar(detail);
    pull_took_too_long(image, secs);
    host_table_failed(detail);
    host_users_failed(detail);
    registry_read_failed(key, code);
    engine_at(engine, endpoint);
    seconds(seconds);
    state_created();
    state_running();
    state_paused();
    state_restarting();
    state_removing();
    state_exited();
    state_dead();
    this_computer();
    windows_version(product, version);
    engine_unversioned(engine);
    cut_stdout(kept, cut);
    cut_stderr(kept, cut);
    cut_top(kept, cut);
    cut_host(kept, cut);
    size_bytes(n);
    tally(label, n);
    host_count_one(n);
    host_count(n);
    claim_count_one(n);
    claim_count(n);
    hosts_all_agree(hosts);
    hosts_one_disagrees(hosts, n);
    hosts_disagree(hosts, n);
    claims_all_same(claims);
    claims_one_differs(claims, n);
    claims_differ(claims, n);
    stale_steps_changed(ids);
    stale_steps_added(ids);
    stale_steps_removed(ids);
    stale_claims_changed(ids);
    stale_claims_added(ids);
    stale_claims_removed(ids);
    stale_reordered();
    stale_notice(run, changes);
    verify_head(lesson, endpoint);
    verify_found(name, runtime);
    verify_missing(step, why);
    verify_all_proven(n);
    verify_not_proven(n, k);
    verify_page(path);
    verify_not_written(dir, error);
    verify_not_rendered(error);
    view_top(step);
    view_host(step);
    view_inside(step);
    nothing();
    none();
    sep_list();
    sep_facts();
    sep_or();
    proc_item(name, pid);
    claim_step_not_run(step, reason);
    claim_step_timed_out(step, after);
    claim_step_failed(step, message);
    step_no_field(step, field);
    compare_cut(step);
    compare_empty_right();
    compare_same(left, right);
    compare_different(left, right);
    compare_has(left, right);
    compare_lacks(left, right);
    // What a `compare` claim compared (src/claims/compare.rs).
    compared_same(left_is, left, right_is, right);
    compared_different(left_is, left, right_is, right);
    compared_has(left_is, left, right_is, right);
    compared_lacks(left_is, left, right_is, right);
    side_exec(what, step, container);
    side_field(step, field);
    side_lesson();
    exec_stdout();
    exec_stderr();
    exec_exit_code();
    view_cut(view);
    view_empty(view);
    view_not_asked_one(view, pids, name);
    view_not_asked_many(view, pids, name);
    view_not_counted(view, name);
    top_lists(names);
    top_lacks(missing, listed);
    view_lists(view, found);
    view_lacks(view, missing, listed);
    pid_is(view, pid, name, cmd);
    pid_is_other(view, pid, got, name);
    pid_missing(view, pid, listed);
    pid_is_itself(view, pid, name);
    pid_is_other_than(view, pid, got, cmd, name);
    pid_missing_cannot_show(view, pid);
    top_no_name(name, listed);
    same_process_on_host(name, pid, host_name);
    not_on_host(name, facts);
    on_host_pid_named(pid, name);
    on_host_pid_absent(pid);
    top_empty();
    top_no_name_not_sandboxed(name, listed);
    workload_on_host(pid, name);
    hidden_from_host(listed, seen, name);
    host_pid_named(pid, name);
    host_pid_absent(pid);
    no_sandbox_worker();
    facts(parts);
    count_total(total, name);
    count_since(before, n, new, earlier, need, containers);
    count_of_container(n, step, id);
    count_untied(need, containers);
    count_at_least(min);
    count_at_most(max);
    zero_per_container();
    numbering_no_name(view, name, listed);
    numbering_outside_lacks(inside, name, in_pids, outside, listed);
    numbering_own(inside, name, in_pids, outside, pids);
    numbering_same_number(inside, name, in_pids, outside, pids);
    numbering_same_pids(inside, name, in_pids, outside, pids, note);
    numbering_other_pids(inside, name, in_pids, outside, pids, note);
    numbering_no_pids(inside, name, in_pids, outside, note);
    numbering_unnamed_note(name);
    book_title();
    lessons();
    claim();
    verdict();
    why();
    host();
    this_host();
    os();
    build();
    kernel();
    engine();
    runtimes();
    isolation_map();
    default_isolation();
    captured();
    live();
    recorded();
    step();
    host_command();
    no_output();
    proven();
    refuted();
    not_run() as "not-run";
    timeout();
    error();
    ok();
    handout();
    index();
    other_lang();
    compare();
    compare_intro();
    tally_head();
    only_differ();
    claims_by_host();
    agrees();
    unchecked();
    disagrees();
    group();
    class_intro();
    class_view();
    no_engine_note();
    pid();
    name();
    user();
    cmdline();
    exists();
    absent();
    exit_code();
    run_id();
    k_container();
    k_image();
    k_isolation();
    k_state();
    k_engine();
    k_exists();
    hostname();
    proofbook_host();
    not_engine_machine();
    path();
    filter();
    stderr();
    unknown();
    lang_en();
    lang_ko();
    a_run();
    a_top();
    a_host_processes();
    a_exec();
    a_host_info();
    a_host_file();
    a_adopt();
    k_runtime();
    exercise();
    task();
    hint();
    yours();
    a_host_registry();
    registry_key();
    registry_value();
    recorded_banner();
    verdict_counts();
    default();
    host_worker();
    folded_note();
    search();
    search_placeholder();
    search_lesson();
    search_prose();
    search_none();
    search_count(n);
    search_offline();
    serve_running(lesson, n, total, step);
    serve_rendering();
    serve_failed_check();
    serve_listening(url);
    serve_watching(paths);
    serve_no_watch();
    serve_changed(paths);
    serve_rebuilt(secs);
    serve_check_failed();
    serve_stopped();
    serve_watch_failed(why);
    serve_open_failed(why, url);
    // The terminal (added by the korean branch).
    help_command_serve();
    help_serve_records();
    help_serve_engine();
    help_serve_port();
    help_serve_bind();
    help_serve_open();
    help_serve_step_timeout();
    verify_no_lesson(lesson);
    verify_no_version(lesson, lang);
    check_ok(lessons, steps, claims);
    builtin_book(count, langs);
    and_sep();
    lesson_bad_id(id);
    front_matter(detail);
    no_front_matter();
    front_matter_open();
    block_yaml(kind, detail);
    kind_step();
    kind_claim();
    step_actions(step, count);
    step_timeout(step, max);
    unknown_action(field, expected);
    yaml_unknown_variant(value, expected);
    yaml_unknown_field(field, expected);
    yaml_missing_field(field);
    no_such_path();
    no_lessons();
    not_utf8(detail);
    lesson_twice(lesson, lang, first);
    one_language(path, lesson, other);
    lang_unsupported(lang);
    agree_missing(kind, id, other);
    agree_order(kind, id, other);
    agree_differs(kind, id, field, here, there, other);
    bad_id(id);
    duplicate_id(id, first);
    step_why(step, why);
    registry_windows_only(step, form);
    before_order(before, at, step, line);
    before_needs_per();
    count_needs();
    per_needs_containers();
    no_field(step, action, field, fields);
    exec_not_table(step);
    undefined_step(step);
    wrong_step_kind(step, action, want);
    or_sep();
    refused_unsafe(step, what);
    unsafe_privileged();
    unsafe_binds();
    unsafe_network();
    unsafe_pid();
    unsafe_devices();
    unsafe_caps();
    no_hostname(step);
    adopt_bad_name(name);
    adopt_name_taken(name);
    adopt_no_task();
    adopt_no_command();
    adopt_command_name(os, name);
    adopt_no_claim();
    hint_not_exercise(claim);
    hint_empty(claim);
    exercise_before(claim, before);
    exercise_reads_run(step);
    cannot_fail(claim, why);
    reach_name(names);
    reach_pid(pids);
    reach_from(steps);
    pids_elsewhere(table, reach, from, name);
    pid_unreachable(view, reach, pid);
    names_empty();
    names_blank();
    min_zero();
    per_zero();
    min_above_max(min, max);
    max_huge(count);
    count_table(table, reach, name);
    both_literal();
    same_field();
    empty_needle();
    doctor_lessons(count);
    doctor_defaults();
    doctor_build_not_in_table();
    doctor_host_tag(build, name, isolation, tag);
    doctor_tag_fix();
    doctor_image_fix(form);
    doctor_unreadable(error);
    doctor_checking(source);
    doctor_engine_failed(error);
    doctor_engine(endpoint, version, api, os_type, os, os_version);
    doctor_runtimes(runtimes, default);
    doctor_none();
    doctor_no_trial();
    doctor_trials(image, run_id);
    doctor_unused();
    doctor_usable(name, note, secs, reported);
    doctor_not_usable(name, note, error);
    doctor_modes();
    doctor_label_process();
    doctor_label_hyperv();
    doctor_mode_missing(label);
    doctor_labelled(label, why);
    doctor_worker(worker);
    doctor_fix_setup();
    doctor_fix_register();
    doctor_mode_usable(label, shown);
    doctor_mode_no_hyperv(label, shown);
    doctor_no_hyperv(label, error);
    doctor_mode_not_starting(label, shown);
    doctor_run_fix(flag, image);
    doctor_mode_not_tried(label, shown);
    doctor_leftovers(count);
    doctor_all_good();
    doctor_problems(count);
    doctor_fix(fix);
    doctor_image_here(image);
    doctor_image_stand_in(image, base);
    doctor_image_buildable(image, busybox);
    doctor_base_failed(error);
    doctor_pull_fix_online(image);
    doctor_image_how(image, how);
    doctor_not_pulled(image, error);
    doctor_offline_no_image(image);
    doctor_pull_fix_linux(image);
    doctor_pull_fix_windows(image);
    trial_not_created(secs);
    trial_not_running(state);
    trial_not_started(secs);
    trial_not_removed(error);
    engine_not_here(endpoint, why);
    doctor_remote(why);
    doctor_remote_fix(there);
    doctor_host_not_checked();
    doctor_host_sees(runtime, pids);
    doctor_other_namespace(pids, container);
    doctor_namespace_fix();
    init_wrote(dir, count, cd);
    init_cd(dir);
    init_exists(path);
    build_swept(label, count);
    build_sweep_failed(label, error);
    build_interrupted();
    build_terminated();
    build_leftover(label, error);
    build_written(path);
    record_not_written(lesson, error);
    run_not_removed(run, error);
    render_mixed_runs(host, runs);
    render_host(host, count, when, runs, hostname);
    render_between(first, last);
    render_written(path);
    render_no_lesson(key, lesson);
    render_stale(key, lesson, run, file, what);
    render_no_record(key, lesson);
    incr_no_record();
    incr_unreadable(error);
    incr_kept(lesson, run);
    incr_not_updated(lesson, error);
    incr_running(lesson, why);
    incr_not_live();
    incr_changed(what, run);
    incr_host_name(was, now);
    incr_host_differs(run, what);
    progress_summary_item(count, verdict);
    err_conflicting();
    err_unknown_context(name, path);
    err_bad_config(path, message);
    err_not_json(detail);
    err_context_no_host(name);
    err_skip_verify(name, host);
    err_missing_certs(endpoint, why, missing, fix);
    tls_why_env();
    tls_why_context(name);
    tls_fix();
    tls_fix_context(name, host);
    err_bad_form(endpoint, hint);
    hint_unix(endpoint);
    ssh_scheme();
    ssh_path();
    ssh_port();
    ssh_form();
    ssh_no_client(detail);
    err_tls_required(endpoint, fix);
    err_tls_handshake(endpoint, detail, fix);
    tls_not_tls();
    tls_mismatch();
    err_unreachable(detail, fix);
    start_engine();
    err_lost(endpoint, detail);
    err_timeout(endpoint, secs);
    err_status(status, message);
    err_removing(id, error);
    err_remove_stuck(id, secs);
    err_remove_stuck_after_kill(id, secs, pids);
    err_still_listed(id, secs);
    err_run_removal_timeout(run, secs);
    err_offline();
    err_pull_timeout(image, secs);
    err_no_busybox();
    err_image_tar(detail);
    err_not_pulled(image, pull);
    err_not_built(image, pull, build);
    list_sep();
    init_io(path, error);
    out_write(path, error);
    out_junit(path, error);
    out_template(template, detail);
    out_no_records();
    stdout_failed(error);
    bad_seconds(value);
    bad_seconds_range(value, min, max);
    bad_pull_seconds(value, max);
    bad_bytes(value);
    bad_bytes_range(value, min, max);
    help_about();
    help_refused_value(arg, value, values);
    help_refused_validation(arg, value, why);
    help_refused_unknown_arg(arg);
    help_refused_unknown_command(command);
    help_refused_missing(args);
    help_refused_conflict(arg, other);
    help_refused_other(detail);
    help_refused_more();
    help_usage_heading();
    help_commands_heading();
    help_arguments_heading();
    help_options_heading();
    help_note_default(value);
    help_note_env(name);
    help_note_values(values);
    help_help();
    help_command_help();
    help_help_subcommand();
    help_version();
    help_lang();
    help_command_build();
    help_command_check();
    help_command_render();
    help_command_diff();
    help_command_doctor();
    help_command_init();
    help_command_verify();
    help_paths();
    help_out();
    help_context();
    help_tlsverify();
    help_tlscacert();
    help_tlscert();
    help_tlskey();
    help_offline();
    help_process_runtime();
    help_sandbox_runtime();
    help_no_recorded();
    help_junit();
    help_build_records();
    help_build_engines();
    help_build_step_timeout();
    help_build_pull_timeout();
    help_build_max_output();
    help_build_with_hosts();
    help_build_quiet();
    help_build_changed();
    help_render_records();
    help_render_lessons();
    help_diff_old();
    help_diff_new();
    help_diff_json();
    help_diff_format();
    help_doctor_paths();
    help_doctor_engine();
    help_doctor_timeout();
    help_init_dir();
    help_verify_lesson();
    help_verify_lessons();
    help_verify_engine();
    help_verify_out();
    help_verify_records();
    help_verify_name_prefix();
    help_verify_step_timeout();
    // The words branch (issue 19): image pulls, the system's io errors, serde's messages.
    pull_bar(image);
    pull_got(how, secs);
    pull_failed(error);
}

#[cfg(test)]
mod tests;
