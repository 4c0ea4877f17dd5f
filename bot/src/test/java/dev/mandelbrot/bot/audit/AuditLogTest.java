package dev.mandelbrot.bot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private static AuditEntry entry(String command, String detail) {
        return new AuditEntry(Instant.parse("2026-11-29T02:00:00Z"), "slack", "UA", "alice", "CPROD", command, "succeeded", detail);
    }

    @Test
    void entriesAreAppendedAsJsonLinesAfterWhateverIsThere() throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"earlier\":true}\n");
        var log = new AuditLog(file, s -> s);

        log.append(entry("status", "ok"));
        new AuditLog(file, s -> s).append(entry("scale 2", "done"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).first().isEqualTo("{\"earlier\":true}");
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.path("timestamp").asText()).isEqualTo("2026-11-29T02:00:00Z");
        assertThat(second.path("user").asText()).isEqualTo("UA");
        assertThat(second.path("channel").asText()).isEqualTo("CPROD");
        assertThat(second.path("command").asText()).isEqualTo("status");
        assertThat(second.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(new ObjectMapper().readTree(lines.get(2)).path("command").asText()).isEqualTo("scale 2");
    }

    @Test
    void textFieldsAreRedactedAndNewlinesCannotForgeEntries() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        new AuditLog(file, s -> s.replace("sekrit", "[redacted]")).append(entry("deploy sekrit", "line1\n{\"forged\":1}"));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).contains("deploy [redacted]").doesNotContain("sekrit");
    }
}
