package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** CIDR parsing and membership behind {@code ip_in_net}, IPv4 and IPv6. */
@RunWith(JUnit4.class)
public class IpNetTest {
  @Test
  public void ipv4() {
    IpNet net = IpNet.parse("10.1.2.0/24");
    assertThat(net.contains("10.1.2.0")).isTrue();
    assertThat(net.contains("10.1.2.255")).isTrue();
    assertThat(net.contains("10.1.3.0")).isFalse();
    assertThat(IpNet.parse("0.0.0.0/0").contains("255.255.255.255")).isTrue();
    assertThat(IpNet.parse("192.168.1.7").contains("192.168.1.7")).isTrue();
    assertThat(IpNet.parse("192.168.1.7").contains("192.168.1.8")).isFalse();
    assertThat(IpNet.parse("10.0.0.0/31").contains("10.0.0.1")).isTrue();
    assertThat(IpNet.parse("10.0.0.0/31").contains("10.0.0.2")).isFalse();
  }

  @Test
  public void ipv6() {
    IpNet net = IpNet.parse("2001:db8::/32");
    assertThat(net.contains("2001:db8::17")).isTrue();
    assertThat(net.contains("2001:DB8:0:0:0:0:0:1")).isTrue();
    assertThat(net.contains("2001:db9::1")).isFalse();
    assertThat(IpNet.parse("::/0").contains("fe80::1")).isTrue();
    assertThat(IpNet.parse("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(IpNet.parse("fe80::/64").contains("fe80::1:2:3:4")).isTrue();
    assertThat(IpNet.parse("fe80::/65").contains("fe80::ffff:2:3:4")).isFalse();
    assertThat(IpNet.parse("::ffff:10.0.0.0/104").contains("::ffff:10.9.8.7")).isTrue();
    assertThat(IpNet.parse("2001:db8::/128").contains("2001:db8::")).isTrue();
  }

  @Test
  public void familiesAndNonAddressesNeverMatch() {
    assertThat(IpNet.parse("0.0.0.0/0").contains("::1")).isFalse();
    assertThat(IpNet.parse("::/0").contains("10.0.0.1")).isFalse();
    for (String v :
        new String[] {
          "",
          "host.example.com",
          "10.0.0",
          "10.0.0.256",
          "10.0.0.1:80",
          "01.2.3.4",
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          "fe80::1%eth0",
          "::ffff:1.2.3",
          "12345::"
        }) {
      assertThat(IpNet.parse("0.0.0.0/0").contains(v)).isFalse();
      assertThat(IpNet.parse("::/0").contains(v)).isFalse();
    }
  }

  @Test
  public void malformedNetworks() {
    for (String bad :
        new String[] {
          "10.0.0.0/33",
          "10.0.0/8",
          "x/8",
          "2001:db8::/129",
          "10.0.0.0/",
          "10.0.0.0/-1",
          "10.0.0.0/8/8"
        }) {
      assertThrows(bad, IllegalArgumentException.class, () -> IpNet.parse(bad));
    }
  }
}
