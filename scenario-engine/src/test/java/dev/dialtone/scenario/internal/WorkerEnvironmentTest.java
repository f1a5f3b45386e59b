package dev.dialtone.scenario.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WorkerEnvironmentTest {
    @Test
    void theNodesJvmOptionsAreNotPassedToWorkers() {
        Map<String, String> env = new ProcessBuilder("true").environment();
        env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=node.jfr");
        env.put("JDK_JAVA_OPTIONS", "-Xmx8g");
        env.put("PATH_FOR_THE_TEST", "/usr/bin");
        List<String> removed = WorkerProcess.withoutNodeJvmOptions(env);
        assertThat(removed).containsExactlyInAnyOrder("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
        assertThat(env).doesNotContainKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")
                .containsEntry("PATH_FOR_THE_TEST", "/usr/bin");
    }
}
