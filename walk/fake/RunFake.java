import dev.logalerts.testing.FakePubsubServer;
public class RunFake {
  public static void main(String[] a) throws Exception {
    FakePubsubServer f = FakePubsubServer.start();
    f.feed("projects/local-project/topics/logs", "projects/local-project/subscriptions/logs");
    java.util.Map<String,String> none = java.util.Map.of();
    // make the subscription known
    System.out.println(f.rootUrl());
    System.out.flush();
    while (true) {
      Thread.sleep(5000);
      System.err.println("alerts published: " + f.published("projects/local-project/topics/alerts").size() + " acked: " + f.acknowledged("projects/local-project/subscriptions/logs"));
    }
  }
}
