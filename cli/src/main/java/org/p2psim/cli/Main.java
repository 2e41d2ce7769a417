package org.p2psim.cli;

import org.p2psim.api.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code p2psim} command. */
@Command(
    name = "p2psim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Simulate devp2p networks with real nodes.",
    subcommands = {
      DemoCommand.class,
      NodeHostCommand.class,
      RlpxCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("p2psim: " + (e.getMessage() == null ? e : e.getMessage()));
          return 1;
        });
    return cli.execute(args);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"p2psim " + Version.VERSION};
    }
  }
}
