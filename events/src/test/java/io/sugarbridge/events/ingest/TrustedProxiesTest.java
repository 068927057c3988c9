package io.sugarbridge.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private final TrustedProxies proxies =
      TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));

  @Test
  void addressesAndRangesAreMatchedBitByBit() throws Exception {
    assertThat(proxies.trusts(ip("10.255.1.2"))).isTrue();
    assertThat(proxies.trusts(ip("11.0.0.1"))).isFalse();
    assertThat(proxies.trusts(ip("192.168.1.7"))).isTrue();
    assertThat(proxies.trusts(ip("192.168.1.70"))).isFalse();
    assertThat(proxies.trusts(ip("172.31.255.255"))).isTrue();
    assertThat(proxies.trusts(ip("172.32.0.0"))).isFalse();
    assertThat(proxies.trusts(ip("fd12::1"))).isTrue();
    assertThat(proxies.trusts(ip("fe80::1"))).isFalse();
    assertThat(TrustedProxies.NONE.trusts(ip("127.0.0.1"))).isFalse();
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeadersSay() throws Exception {
    assertThat(
            proxies.clientOf(ip("203.0.113.9"), List.of("198.51.100.1"), List.of(), "198.51.100.2"))
        .isEqualTo(ip("203.0.113.9"));
  }

  @Test
  void theClientIsTheRightMostForwardedAddressThatIsNotATrustedProxy() throws Exception {
    // The client wrote 1.1.1.1 itself; the edge proxy appended the address it saw; an inner proxy
    // appended the edge's.
    assertThat(
            proxies.clientOf(
                ip("10.0.0.2"), List.of("1.1.1.1, 203.0.113.5, 10.0.0.3"), List.of(), null))
        .isEqualTo(ip("203.0.113.5"));
    // Several headers are one list, in order.
    assertThat(
            proxies.clientOf(
                ip("10.0.0.2"), List.of("1.1.1.1", "203.0.113.6", "10.0.0.3"), List.of(), null))
        .isEqualTo(ip("203.0.113.6"));
    // Ports as some load balancers write them.
    assertThat(proxies.clientOf(ip("10.0.0.2"), List.of("203.0.113.7:5123"), List.of(), null))
        .isEqualTo(ip("203.0.113.7"));
    // Only trusted proxies: the left-most is as far as can be seen.
    assertThat(proxies.clientOf(ip("10.0.0.2"), List.of("10.9.9.9, 10.0.0.3"), List.of(), null))
        .isEqualTo(ip("10.9.9.9"));
    // An entry that is not an address stops the walk at the hop that forwarded it.
    assertThat(
            proxies.clientOf(
                ip("10.0.0.2"), List.of("203.0.113.1, unknown, 10.0.0.4"), List.of(), null))
        .isEqualTo(ip("10.0.0.4"));
    // No header at all: the proxy is the client.
    assertThat(proxies.clientOf(ip("10.0.0.2"), List.of(), List.of(), null))
        .isEqualTo(ip("10.0.0.2"));
  }

  @Test
  void forwardedAndXRealIpAreReadWhenThereIsNoXForwardedFor() throws Exception {
    assertThat(
            proxies.clientOf(
                ip("10.0.0.2"),
                List.of(),
                List.of(
                    "for=198.51.100.3;proto=https, For=\"[2001:db8:cafe::17]:4711\";by=10.0.0.1,"
                        + " for=10.0.0.5"),
                "192.0.2.200"))
        .isEqualTo(ip("2001:db8:cafe::17"));
    assertThat(proxies.clientOf(ip("10.0.0.2"), List.of(), List.of(), "192.0.2.200"))
        .isEqualTo(ip("192.0.2.200"));
    // X-Forwarded-For wins over the others.
    assertThat(
            proxies.clientOf(
                ip("10.0.0.2"), List.of("192.0.2.1"), List.of("for=192.0.2.2"), "192.0.2.3"))
        .isEqualTo(ip("192.0.2.1"));
  }

  @Test
  void entriesThatAreNotAddressesOrRangesAreNamedWithTheSetting() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                TrustedProxies.of(
                    List.of("10.0.0.1", "lb.internal", "10.0.0.0/33", "300.1.1.1", "fd00::/129")));
    assertThat(e.problems()).extracting(ConfigProblem::setting).containsOnly("trusted_proxies");
    assertThat(e.problems())
        .extracting(ConfigProblem::message)
        .anySatisfy(m -> assertThat(m).startsWith("'lb.internal' is not an IP address"))
        .anySatisfy(m -> assertThat(m).startsWith("'10.0.0.0/33'"))
        .anySatisfy(m -> assertThat(m).startsWith("'300.1.1.1'"))
        .anySatisfy(m -> assertThat(m).startsWith("'fd00::/129'"))
        .hasSize(4);
  }
}
