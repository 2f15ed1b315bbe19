package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.util.Random;
import org.apache.beam.sdk.coders.CoderException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class BinaryCodecTest {
  private static byte[] varint(long v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCodec.writeVarLong(out, v);
    return out.toByteArray();
  }

  private static long read(byte[] bytes) throws IOException {
    return BinaryCodec.readVarLong(new ByteArrayInputStream(bytes));
  }

  @Test
  public void varintsKeepTheirZigZagLittleEndianBytes() throws IOException {
    // The encoding is stored (state, shuffles of a running job): it must not change.
    assertThat(varint(0)).isEqualTo(new byte[] {0});
    assertThat(varint(-1)).isEqualTo(new byte[] {1});
    assertThat(varint(1)).isEqualTo(new byte[] {2});
    assertThat(varint(63)).isEqualTo(new byte[] {126});
    assertThat(varint(-64)).isEqualTo(new byte[] {127});
    assertThat(varint(64)).isEqualTo(new byte[] {(byte) 0x80, 0x01});
    assertThat(varint(300)).isEqualTo(new byte[] {(byte) 0xd8, 0x04});
    assertThat(varint(Long.MIN_VALUE))
        .isEqualTo(
            new byte[] {
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              0x01
            });
  }

  @Test
  public void everyLongSurvivesARoundTrip() throws IOException {
    Random random = new Random(7);
    long[] edges = {0, 1, -1, 63, 64, -64, -65, Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000L};
    for (long v : edges) {
      assertThat(read(varint(v))).isEqualTo(v);
    }
    for (int i = 0; i < 10_000; i++) {
      long v = random.nextLong() >> random.nextInt(64);
      assertThat(read(varint(v))).isEqualTo(v);
    }
  }

  @Test
  public void aVarintIsOneWriteToTheStream() throws IOException {
    int[] calls = {0};
    FilterOutputStream counting =
        new FilterOutputStream(new ByteArrayOutputStream()) {
          @Override
          public void write(int b) throws IOException {
            calls[0]++;
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            calls[0]++;
            out.write(b, off, len);
          }
        };

    BinaryCodec.writeVarLong(counting, 1_733_270_400_000_000_000L); // a timestamp in nanoseconds
    BinaryCodec.writeVarLong(counting, 5);

    assertThat(calls[0]).isEqualTo(2);
  }

  @Test
  public void aTruncatedVarintIsRefused() {
    assertThrows(CoderException.class, () -> read(new byte[] {(byte) 0x80}));
  }
}
