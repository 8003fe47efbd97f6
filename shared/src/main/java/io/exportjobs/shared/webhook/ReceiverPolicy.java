package io.exportjobs.shared.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Which webhook receivers the service may call: {@code http} or {@code https} URLs (no {@code
 * file:}, no credentials in the URL) whose host resolves only to public addresses. Loopback,
 * private, link-local (cloud metadata), carrier-grade NAT, multicast and reserved addresses are
 * refused unless the {@code dev} or {@code test} profile is active or an allow-list entry ({@code
 * exportjobs.webhooks.allowed-networks}, CIDRs) covers them. The api checks a URL when it is
 * registered; the worker checks the addresses again at every delivery and connects only to the ones
 * it checked, so a name that resolves elsewhere later (DNS rebinding) gets nowhere.
 */
public final class ReceiverPolicy {

  public static final String ALLOWED_NETWORKS = "exportjobs.webhooks.allowed-networks";

  private final boolean privateAllowed;
  private final List<Cidr> allowed;

  public ReceiverPolicy(boolean privateAllowed, List<String> allowedNetworks) {
    this.privateAllowed = privateAllowed;
    this.allowed = allowedNetworks.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
  }

  /** Private networks are open in the dev and test profiles; the allow-list applies everywhere. */
  public static ReceiverPolicy from(Environment environment) {
    boolean dev =
        Arrays.stream(environment.getActiveProfiles())
            .anyMatch(p -> p.equals("dev") || p.equals("test"));
    String[] networks = environment.getProperty(ALLOWED_NETWORKS, String[].class, new String[0]);
    return new ReceiverPolicy(dev, Arrays.asList(networks));
  }

  /** Thrown when a receiver may not be called; the message says why. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * Checks the URL and the addresses its host has now (a DNS lookup, never a connection).
   *
   * @return the URL, parsed
   */
  public URI check(String url) throws Refused {
    URI uri = parse(url);
    resolve(uri.getHost());
    return uri;
  }

  /** The URL's form only: scheme, host, no user info. */
  public static URI parse(String url) throws Refused {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new Refused("is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused(
          "must be an http or https URL, not "
              + (scheme.isEmpty() ? "a relative one" : scheme + ":"));
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new Refused("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Refused("must not carry credentials");
    }
    if (uri.getRawFragment() != null) {
      throw new Refused("must not have a fragment");
    }
    return uri;
  }

  /** Every address of {@code host}, each one allowed; refused if any is not. */
  public List<InetAddress> resolve(String host) throws Refused {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      throw new Refused("its host " + bare + " does not resolve");
    }
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      Optional<String> why = refusal(a);
      if (why.isPresent()) {
        throw new Refused("its host " + bare + " is " + a.getHostAddress() + ", " + why.get());
      }
      out.add(a);
    }
    return out;
  }

  /** Why this address may not be called, or empty if it may. */
  public Optional<String> refusal(InetAddress a) {
    String kind = restrictedKind(a);
    if (kind == null || privateAllowed || allowed.stream().anyMatch(c -> c.contains(a))) {
      return Optional.empty();
    }
    return Optional.of(
        "a "
            + kind
            + " address; receivers must be on public addresses (or in "
            + ALLOWED_NETWORKS
            + ")");
  }

  /** The kind of non-public address {@code a} is, or null for a public one. */
  static String restrictedKind(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "wildcard";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local";
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    for (String[] range : RESERVED) {
      if (Cidr.parse(range[0]).contains(a)) {
        return range[1];
      }
    }
    return null;
  }

  private static final String[][] RESERVED = {
    {"0.0.0.0/8", "reserved"},
    {"100.64.0.0/10", "carrier-grade NAT"},
    {"192.0.0.0/24", "reserved"},
    {"198.18.0.0/15", "benchmarking"},
    {"240.0.0.0/4", "reserved"},
    {"fc00::/7", "private (unique local)"},
    {"64:ff9b::/96", "NAT64"},
    {"::/128", "wildcard"}
  };

  /** An address block: {@code 10.0.0.0/8}, {@code fc00::/7}, or one address. */
  record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
      String[] parts = text.trim().split("/", 2);
      try {
        byte[] address = InetAddress.getByName(parts[0]).getAddress();
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
        if (prefix < 0 || prefix > address.length * 8 || !isLiteral(parts[0])) {
          throw new IllegalArgumentException(ALLOWED_NETWORKS + ": not a network: " + text);
        }
        return new Cidr(address, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException(ALLOWED_NETWORKS + ": not a network: " + text, e);
      }
    }

    private static boolean isLiteral(String s) {
      return s.contains(":") || s.matches("[0-9.]+");
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
