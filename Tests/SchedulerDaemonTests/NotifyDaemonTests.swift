import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// Hooks and the metrics file with the real daemon.
@Suite(.serialized) struct NotifyDaemonTests {
    @Test func hooksRunAndMetricsAreWrittenAfterRuns() throws {
        let box = try DaemonSandbox(config: "")
        try box.write(config: """
        [daemon]
        metrics_file = "\(box.dir)/metrics.prom"
        hook_timeout = "5s"

        [jobs.fail]
        every = "1s"
        command = "echo out1; echo out2 >&2; exit 3"
        retry = { attempts = 1, delay = "1s" }
        on_retry = "echo retry $SCHEDULER_ATTEMPT >> '\(box.dir)/retry.log'"
        on_failure = "printf '%s|%s|%s|%s\\\\n' \\"$SCHEDULER_EVENT\\" \\"$SCHEDULER_STATUS\\" \\"$SCHEDULER_EXIT_CODE\\" \\"$SCHEDULER_OUTPUT\\" >> '\(box.dir)/failure.log'; echo hook-broke; exit 9"

        [jobs.ok]
        every = "1s"
        command = "true"
        on_success = "echo $SCHEDULER_RUN_ID >> '\(box.dir)/ok.log'"
        """)
        let pid = try box.startDaemon()
        let failures = { (try? Exposition(box.read("metrics.prom")))?.value("scheduler_job_runs_total", ["job": "fail", "status": "failed"]) ?? 0 }
        let done = box.wait {
            box.read("failure.log").contains("|") && !box.read("ok.log").isEmpty && box.log.contains("on_failure exited with status 9") && failures() >= 2
        }
        #expect(try box.stop(pid) == .exited(code: 0))
        #expect(done, "log:\n\(box.log)")
        #expect(box.read("retry.log").hasPrefix("retry 1\n"))
        #expect(box.read("failure.log").hasPrefix("on_failure|failed|3|out1\n"))
        // Issue 13 item 11: the hook's output is in the log as its own app lines, then its exit status.
        let hookOutput = box.log.split(separator: "\n").first { $0.hasSuffix("]: hook-broke") }
        #expect(hookOutput?.contains(" app[fail.1.on_failure]: hook-broke") == true, "log:\n\(box.log)")
        #expect(box.log.contains(" scheduler[fail.1]: on_failure exited with status 9"))
        #expect(box.log.contains(" app[ok.1.on_success]: ") == false)  // it wrote nothing: no app line
        let metrics = try Exposition(box.read("metrics.prom"))
        #expect((metrics.value("scheduler_job_runs_total", ["job": "fail", "status": "failed"]) ?? 0) >= 2)
        #expect((metrics.value("scheduler_job_last_success_timestamp_seconds", ["job": "ok"]) ?? 0) > 1_700_000_000)
        #expect(metrics.value("scheduler_job_last_success_timestamp_seconds", ["job": "fail"]) == 0)
        #expect(!((try? FileSystem.listDirectory(box.dir)) ?? []).contains { $0.contains(".tmp-") })
    }
}
