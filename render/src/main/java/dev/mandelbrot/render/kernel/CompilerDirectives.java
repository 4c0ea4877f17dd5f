package dev.mandelbrot.render.kernel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Internal. Adds HotSpot compiler directives to the running JVM, through its diagnostic command
 * MBean ({@code jcmd <pid> Compiler.directives_add} from inside): the one public way for a library
 * to shape how its own methods are compiled without asking for command-line flags.
 */
final class CompilerDirectives {

    private static final System.Logger LOG = System.getLogger(CompilerDirectives.class.getName());

    private CompilerDirectives() {}

    /**
     * Keeps C1 away from one method, so that it is interpreted, with a profile, until C2 compiles
     * it. For a method C1 cannot compile at its profiling tier this removes a trap: without it, a
     * JVM that first compiles the method at C1's second tier (which collects no profile, chosen
     * while C2's queue is long) never hands it to C2 (see {@code VectorKernel.SLOTS}).
     *
     * <p>Only for a JVM whose C2 compiles ({@link #c2Compiles}): elsewhere the method would stay
     * interpreted for good. Must run before the method is first compiled; a directive does not
     * touch code already compiled.
     *
     * @param method the method, as {@code package.Class::name}
     * @return whether the directive is in place; false where the JVM refused it (another JVM, a
     *     runtime without {@code jdk.management}, no temporary folder), with the reason logged
     */
    static boolean keepFromC1(String method) {
        Path file = null;
        try {
            // the command reads directives only from a file
            file = Files.createTempFile("mandelbrot-directives", ".json");
            Files.writeString(file, "[{match: \"" + method + "\", c1: {Exclude: true}}]", StandardCharsets.UTF_8);
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            boolean added = String.valueOf(reply).strip().startsWith("1 compiler directives added");
            if (!added) {
                LOG.log(System.Logger.Level.DEBUG, "compiler directive for {0} refused: {1}", method, reply);
            }
            return added;
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "compiler directive for {0} not added: {1}", method, e.toString());
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a file of a few bytes left in the temporary folder
                }
            }
        }
    }

    /**
     * Whether this JVM compiles with C2 (or another top-tier compiler): not with {@code -Xint},
     * {@code -XX:TieredStopAtLevel} below 4, or {@code -XX:CompilationMode=quick-only}. False
     * where the flags cannot be read.
     */
    static boolean c2Compiles() {
        return HotSpotFlags.value("UseCompiler").orElse("false").equals("true")
                && HotSpotFlags.value("TieredStopAtLevel").orElse("0").equals("4")
                && !HotSpotFlags.value("CompilationMode").orElse("quick-only").equals("quick-only");
    }
}
