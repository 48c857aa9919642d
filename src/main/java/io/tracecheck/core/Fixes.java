package io.tracecheck.core;

/**
 * Fix lines a user can paste. In a Gitpod workspace, variables persist with {@code gp env}, and
 * running containers keep the environment they started with, so the fix says both.
 */
public final class Fixes {
    private final boolean gitpod;

    public Fixes(Settings settings) {
        this.gitpod = settings.inGitpod();
    }

    /** The command that sets a variable, e.g. {@code export OTEL_SERVICE_NAME=my-app}. */
    public String set(String name, String value) {
        String quoted = value.matches("[A-Za-z0-9_./:@%+,=-]*") ? value : "'" + value.replace("'", "'\\''") + "'";
        if (gitpod) {
            return "gp env " + name + "=" + quoted + " (persists it for new workspaces; also export it here, "
                    + "and restart running containers: they keep the environment they started with)";
        }
        return "export " + name + "=" + quoted;
    }

    public String unset(String name) {
        if (gitpod) {
            return "gp env -u " + name + " and unset " + name + " (restart running containers afterwards)";
        }
        return "unset " + name;
    }
}
