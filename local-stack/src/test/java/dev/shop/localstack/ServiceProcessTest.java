package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    Path dir;

    @Test
    void anExtractedJarStartsWithAClassDataArchiveOfItsOwn() throws IOException {
        Files.createDirectories(dir.resolve("cart-service/lib"));
        var jar = Files.createFile(dir.resolve("cart-service/cart-service.jar"));

        var command = service(jar).command("java", Settings.CHART);

        assertThat(command)
                .contains(
                        "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + dir.resolve("cart-service/cart-service.jsa"))
                .containsSubsequence("-XX:MaxRAM=768m", "-XX:+AutoCreateSharedArchive", "-jar", jar.toString());
    }

    @Test
    void aSpringBootJarStartsWithoutOne() throws IOException {
        var jar = Files.createFile(dir.resolve("cart-service.jar"));

        var command = service(jar).command("java", Settings.LOCAL);

        assertThat(command).noneMatch(argument -> argument.contains("SharedArchive"));
        assertThat(command).containsSubsequence("java", "-Xmx384m", "-jar", jar.toString(), "--server.port=8083");
    }

    private ServiceProcess service(Path jar) {
        return ServiceProcess.parse(
                "cart-service:8083:9083:" + jar, StackConfig.local(dir.resolve(".local"), Map.of()));
    }
}
