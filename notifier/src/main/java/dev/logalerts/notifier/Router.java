package dev.logalerts.notifier;

import dev.logalerts.notifier.NotifierConfig.Route;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the receivers of an alert: routes are tried in order, an alert matches a route when every
 * match key's value is among the listed ones ({@code match: {}} matches everything), and the first
 * matching route ends routing unless it says {@code continue: true}. A receiver reached by several
 * routes is sent to once.
 */
public final class Router {
  private final List<Route> routes;

  public Router(List<Route> routes) {
    this.routes = routes;
  }

  /** Receiver names in route order, without repeats; empty when no route matches. */
  public Set<String> receivers(AlertMessage alert) {
    Map<String, String> keys = alert.routingKeys();
    Set<String> out = new LinkedHashSet<>();
    for (Route route : routes) {
      if (matches(route, keys)) {
        out.addAll(route.receivers());
        if (!route.continueMatching()) {
          break;
        }
      }
    }
    return out;
  }

  static boolean matches(Route route, Map<String, String> keys) {
    for (Map.Entry<String, Set<String>> m : route.match().entrySet()) {
      String value = keys.get(m.getKey());
      if (value == null || !m.getValue().contains(value)) {
        return false;
      }
    }
    return true;
  }
}
