package io.dataplug.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
  @Test
  void theTimeoutComesFromTheEnvironmentInSeconds() {
    assertThat(StoreConfig.fromEnvironment(Map.of()).timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(StoreConfig.fromEnvironment(Map.of("DATAPLUG_S3_TIMEOUT", "120")).timeout())
        .isEqualTo(Duration.ofSeconds(120));
    assertThat(StoreConfig.fromEnvironment(Map.of("DATAPLUG_S3_TIMEOUT", "2.5")).timeoutSeconds())
        .isEqualTo(3);
    assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("DATAPLUG_S3_TIMEOUT", "soon")))
        .hasMessage("DATAPLUG_S3_TIMEOUT must be a number of seconds from 1 to 86400: 'soon'");
  }

  @Test
  void aConfigurationRoundTripsThroughJacksonAsPlainValues() throws Exception {
    // chunk descriptors carry it to Lambda workers as JSON
    StoreConfig config =
        new StoreConfig("http://127.0.0.1:9000", "us-east-1", true, 3)
            .withTimeout(Duration.ofSeconds(45));
    ObjectMapper json = new ObjectMapper();
    String text = json.writeValueAsString(config);
    assertThat(text).contains("\"timeoutSeconds\":45");
    assertThat(json.readValue(text, StoreConfig.class)).isEqualTo(config);
  }
}
