package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class NetworkFamiliesTest {
  @Test
  public void protocolsAreNamedWhetherWrittenAsNumbersOrNames() {
    assertThat(NetworkFamilies.protocol("6")).isEqualTo("TCP");
    assertThat(NetworkFamilies.protocol("17")).isEqualTo("UDP");
    assertThat(NetworkFamilies.protocol("udp")).isEqualTo("UDP");
    assertThat(NetworkFamilies.protocol("icmp")).isEqualTo("ICMP");
    assertThat(NetworkFamilies.protocol("103")).isEqualTo("proto-103");
    assertThat(NetworkFamilies.protocol("")).isEqualTo("-");
  }
}
