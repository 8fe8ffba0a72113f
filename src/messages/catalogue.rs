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
            #[cfg(test)]
            pub(crate) const ALL: &'static [Id] = &[$(Id::$id,)*];

            /// The parameters the sentence is made from, as its text names them.
            #[cfg(test)]
            pub(crate) fn params(self) -> &'static [&'static str] {
                match self {
                    $(Id::$id => &[$(stringify!($p)),*],)*
                }
            }

            #[cfg(test)]
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
}

#[cfg(test)]
mod tests;
