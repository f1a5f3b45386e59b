package dev.dialtone.scenario;

/**
 * One sandbox worker process as the engine sees it, for admin views and health checks.
 *
 * @param pid      the worker's process id
 * @param ready    started and warmed up (a starting worker costs seconds of CPU)
 * @param sessions sessions it runs now
 * @param priority its current OS priority class: BACKGROUND, STARTING, NORMAL or DEMOTED
 */
public record SandboxWorker(long pid, boolean ready, int sessions, String priority) {
}
