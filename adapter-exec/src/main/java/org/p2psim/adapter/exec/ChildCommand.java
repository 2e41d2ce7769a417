package org.p2psim.adapter.exec;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.p2psim.nodehost.NodeHost;

/** The command line of a child: java, the JVM options and flags, the classpath, the node host. */
final class ChildCommand {
  private final ExecAdapter.Options options;
  private final String classpath;
  private final List<String> jdkFlags;

  ChildCommand(ExecAdapter.Options options, String classpath) {
    this.options = options;
    this.classpath = classpath;
    this.jdkFlags = nativeHeapTrim(options);
  }

  /**
   * java, the options, {@code flags}, the log verbosity the node host may set up before its input
   * arrives, the classpath and the node-host class.
   */
  List<String> command(List<String> flags, int logVerbosity) {
    List<String> cmd = new ArrayList<>();
    cmd.add(options.javaExecutable().toString());
    cmd.addAll(options.jvmOptions());
    cmd.addAll(jdkFlags);
    cmd.addAll(flags);
    cmd.add("-D" + NodeHost.LOG_VERBOSITY_PROPERTY + "=" + logVerbosity);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(NodeHost.class.getName());
    return cmd;
  }

  /**
   * Has glibc hand freed native memory back every 2 s (about 1 MiB of an idle child, for a few
   * milliseconds of CPU a minute). Only some JDK 17 updates have the flag, and a JVM refuses one it
   * does not know, so it is passed only when the children run this JVM's java and this JVM has it,
   * and not when the user's options set it already.
   */
  private static List<String> nativeHeapTrim(ExecAdapter.Options options) {
    String flag = "TrimNativeHeapInterval";
    if (!options.runsParentJava()
        || options.jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:" + flag))) {
      return List.of();
    }
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(flag);
      return List.of("-XX:" + flag + "=2000");
    } catch (IllegalArgumentException e) {
      return List.of(); // this JDK has no such flag
    }
  }
}
