package io.exportjobs.pack.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void formatsExactlyLikeInstantToString() {
    SplittableRandom random = new SplittableRandom(42);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long second = random.nextLong(min, max + 1);
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(second, nano);
      assertThat(Timestamps.format(t)).as("%s", t).isEqualTo(t.toString());
    }
  }

  @Test
  void edgesOfTheRange() {
    for (String s :
        new String[] {
          "0000-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "2024-02-29T23:59:59.999Z",
          "9999-12-31T23:59:59.999999999Z",
          "2026-10-01T08:00:00.120Z"
        }) {
      assertThat(Timestamps.format(Instant.parse(s))).isEqualTo(Instant.parse(s).toString());
    }
  }
}
