// How long the CLI spends building its picocli model before it does anything: the whole `wharf` command
// with its 15 subcommands, against the `run` subcommand alone, each in a fresh JVM. The start-up note in
// bench/results/NOTES.md quotes it.
//   java -XX:+UseSerialGC -XX:CompileThresholdScaling=10 -cp cli/target/wharf.jar bench/profile/PicocliCost.java all
//   java -XX:+UseSerialGC -XX:CompileThresholdScaling=10 -cp cli/target/wharf.jar bench/profile/PicocliCost.java run
public class PicocliCost {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Object command = args[0].equals("all") ? Class.forName("dev.wharf.cli.Main")
                : Class.forName("dev.wharf.cli.RunCommand");
        new picocli.CommandLine(command);
        System.out.printf("%s: %.0f ms to build the picocli model%n", args[0].equals("all")
                ? "wharf with every subcommand" : "the run subcommand alone", (System.nanoTime() - t0) / 1e6);
    }
}
