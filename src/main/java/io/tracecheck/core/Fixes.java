package io.tracecheck.core;

import io.tracecheck.core.ComposeProject.Definition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every fix that sets a variable, in the one form that works where the user is (docs/decisions.md,
 * "Fixes that paste"):
 * <ul>
 * <li>a shell: {@code export NAME=value};</li>
 * <li>a Gitpod workspace: {@code gp env NAME=value && eval "$(gp env -e)"}, which persists it for new
 * workspaces and loads it into this shell;</li>
 * <li>{@code --compose FILE --service NAME}: an edit of the line that defines it (the service's
 * {@code environment:}, its {@code env_file:}, or the project's {@code .env}), then the command that
 * recreates the container, since a shell cannot override what the file sets;</li>
 * <li>a value only the user knows (a key, a region to choose): {@code read -rs NAME} (no echo for a
 * secret, {@code read -r} otherwise) before setting it, so the fix still pastes as it is.</li>
 * </ul>
 */
public final class Fixes {
    private static final String REGION = "AWS_REGION";
    private static final String DEFAULT_REGION = "AWS_DEFAULT_REGION";
    /** A value the shell takes as it is, without quotes. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:@%+,=-]+");

    private final boolean gitpod;
    private final Optional<ComposeProject> compose;

    public Fixes(Settings settings) {
        this.gitpod = settings.inGitpod();
        this.compose = settings.composeNamed().filter(project -> project.checked().isPresent());
    }

    /** The command that sets a variable, e.g. {@code export OTEL_SERVICE_NAME=my-app}. */
    public String set(String name, String value) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(name, value);
        return set(values);
    }

    /** Several variables in one fix, in the map's order. */
    public String set(Map<String, String> values) {
        Plan plan = new Plan();
        for (Map.Entry<String, String> value : values.entrySet()) {
            plan.assign(value.getKey(), quote(value.getValue()), false);
        }
        return plan.render();
    }

    /**
     * Variables in one fix, where each of {@code referring} has a value that refers to another variable
     * ({@code x-honeycomb-team=$HONEYCOMB_API_KEY}): those go in double quotes, so the shell (or compose's
     * interpolation) expands them, and the fix never repeats a secret.
     */
    public String set(Map<String, String> values, Map<String, String> referring) {
        Plan plan = new Plan();
        values.forEach((name, value) -> plan.assign(name, quote(value), false));
        referring.forEach((name, template) -> plan.assign(name, expanding(template), false));
        return plan.render();
    }

    /** One variable set to a value that refers to others, as {@link #set(Map, Map)}. */
    public String setReferring(String name, String template) {
        return set(Map.of(), Map.of(name, template));
    }

    /**
     * A value only the user has (a key, a token, a secret): the fix reads it from the terminal, without
     * echo when it is a secret, then sets it like {@link #set}.
     */
    public String prompt(String name) {
        Plan plan = new Plan();
        plan.assign(name, null, true);
        return plan.render();
    }

    /**
     * A variable whose value is built from others only the user knows ({@code http://$PROXY_USER:$PROXY_PASSWORD@host:3128}):
     * each of {@code typed} is read from the terminal (a password without echo), then {@code name} is set referring to
     * them, so no credential is ever printed. For a compose file they are exported too: compose reads them from the
     * shell that runs it.
     */
    public String withCredentials(String name, String template, String... typed) {
        Plan plan = new Plan();
        for (String variable : typed) {
            plan.reads.add(variable);
            if (compose.isPresent()) {
                plan.shell.put(variable, null);
            }
        }
        plan.assign(name, expanding(template), false);
        return plan.render();
    }

    /**
     * Credentials for the AWS SDKs and the CLI: {@code aws configure} in a plain shell (it asks for the key
     * id, the secret and the region and stores them in ~/.aws); in a Gitpod workspace, where ~/.aws does not
     * outlive the workspace, or for a compose service, the variables themselves.
     */
    public String awsCredentials(boolean withRegion) {
        if (!gitpod && compose.isEmpty()) {
            return "aws configure  # asks for the access key id, the secret and the region; or aws configure sso";
        }
        Plan plan = new Plan();
        plan.assign("AWS_ACCESS_KEY_ID", null, true);
        plan.assign("AWS_SECRET_ACCESS_KEY", null, true);
        if (withRegion) {
            plan.assign(REGION, null, true);
            plan.assign(DEFAULT_REGION, "\"$" + REGION + "\"", false);
        }
        return plan.render();
    }

    /**
     * A variable the compose file refers to ({@code ${NAME}}) that is unset: the user sets it in the
     * shell that runs compose (which wins over the project's {@code .env}), and the container is recreated.
     */
    public String composeReference(String name) {
        Plan plan = new Plan();
        plan.toShell(name, null, true);
        plan.recreate = compose.isPresent();
        return plan.render();
    }

    /**
     * The region in both variables: the Java and Node SDKs read {@code AWS_REGION}, boto3 and the AWS
     * CLI {@code AWS_DEFAULT_REGION}; setting one only would leave them disagreeing.
     */
    public String region(String region) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(REGION, region);
        values.put(DEFAULT_REGION, region);
        return set(values);
    }

    /**
     * Reads {@code name} from the terminal, then sets it and each of {@code derived}, whose values refer to
     * it as {@code $NAME} (e.g. {@code x-honeycomb-team=$HONEYCOMB_API_KEY}), so they carry the same value.
     */
    public String prompt(String name, Map<String, String> derived) {
        Plan plan = new Plan();
        plan.assign(name, null, true);
        derived.forEach((other, template) -> plan.assign(other, "\"" + template + "\"", false));
        return plan.render();
    }

    /** A region the user chooses: read once, set in both variables. */
    public String regionPrompt() {
        return prompt(REGION, Map.of(DEFAULT_REGION, "$" + REGION));
    }

    /** The region of a profile in the shared config file, where the SDKs and the CLI all read it. */
    public String profileRegion(String profile, String region) {
        return "aws configure set region " + quote(region) + (profile.equals("default") ? "" : " --profile " + quote(profile));
    }

    public String unset(String name) {
        Optional<Definition> definition = compose.flatMap(project -> project.definition(name));
        if (definition.isPresent()) {
            ComposeProject project = compose.get();
            String service = project.checked().orElseThrow();
            Definition where = definition.get();
            String edit = where.envFile()
                    ? "edit " + where.file() + ": delete the line " + name + "="
                    : "edit " + where.file() + ": delete " + name + " from services." + service + ".environment";
            return edit + "; then " + recreate(project);
        }
        if (gitpod) {
            return "gp env -u " + name + " && unset " + name;
        }
        return "unset " + name;
    }

    /** A shell word for {@code value}: as it is when it needs no quoting, else in single quotes. */
    public static String quote(String value) {
        return PLAIN_WORD.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /** A shell word in double quotes: $NAME expands, nothing else does. */
    static String expanding(String template) {
        return "\"" + template.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`") + "\"";
    }

    /** A path as a shell word. */
    public static String quote(Path path) {
        return quote(path.toString());
    }

    private static String recreate(ComposeProject project) {
        return "docker compose -f " + quote(project.file()) + " up -d " + project.checked().orElseThrow();
    }

    /** What one fix does: lines to edit, variables to read from the terminal, variables to set in the shell. */
    private final class Plan {
        /** file to section ("" for a dotenv file) to the lines to set there. */
        private final Map<Path, Map<String, List<String>>> edits = new LinkedHashMap<>();
        private final List<String> reads = new ArrayList<>();
        /** name to shell word; null when the name was just read (it is set to itself). */
        private final Map<String, String> shell = new LinkedHashMap<>();
        private boolean recreate;

        /** {@code word} is the shell word of the value, or null with {@code ask} when the user types it. */
        void assign(String name, String word, boolean ask) {
            if (compose.isEmpty()) {
                toShell(name, word, ask);
                return;
            }
            recreate = true;
            Definition where = compose.get().definition(name).orElse(null);
            boolean fromShell = where != null && where.fromShell();
            Optional<String> reference = where == null ? Optional.empty()
                    : where.passedThrough() ? Optional.of(name) : where.reference();
            if (reference.isPresent() && (fromShell || ask)) {
                // the container takes it from the shell that runs compose, which wins over .env
                toShell(reference.get(), word, ask);
            } else if (reference.isPresent()) {
                edit(compose.get().file().getParent().resolve(".env"), "", reference.get() + "=" + word);
            } else if (ask || word == null) {
                // a value only the user has stays out of the file: the file refers to the shell's
                block(where, name, "${" + name + "}");
                toShell(name, word, ask);
            } else if (where != null && where.envFile()) {
                edit(where.file(), "", name + "=" + word);
            } else {
                block(where, name, word);
            }
        }

        private void block(Definition where, String name, String value) {
            Path file = where != null && !where.envFile() ? where.file() : compose.get().file();
            boolean listForm = where != null && where.listForm();
            if (listForm && value.length() >= 2 && (value.startsWith("'") || value.startsWith("\"")) && value.endsWith(value.substring(0, 1))) {
                // "- NAME=value" is one YAML scalar: quotes there would become part of the value
                value = value.substring(1, value.length() - 1);
            }
            edit(file, "services." + compose.get().checked().orElseThrow() + ".environment",
                    listForm ? "- " + name + "=" + value : name + ": " + value);
        }

        private void edit(Path file, String section, String line) {
            edits.computeIfAbsent(file, f -> new LinkedHashMap<>()).computeIfAbsent(section, s -> new ArrayList<>()).add(line);
        }

        private void toShell(String name, String word, boolean ask) {
            if (ask) {
                reads.add(name);
            }
            shell.put(name, ask ? null : word);
        }

        String render() {
            List<String> parts = new ArrayList<>();
            edits.forEach((file, sections) -> sections.forEach((section, lines) -> parts.add("edit " + file + ": "
                    + (section.isEmpty() ? "" : "under " + section + " ") + "set " + String.join(" and ", lines))));
            List<String> commands = new ArrayList<>();
            for (String name : reads) {
                commands.add((KnownVariable.isSecretName(name) ? "read -rs " : "read -r ") + name);
            }
            if (!shell.isEmpty()) {
                List<String> words = new ArrayList<>();
                for (Map.Entry<String, String> set : shell.entrySet()) {
                    String name = set.getKey();
                    String word = set.getValue();
                    if (gitpod) {
                        words.add(name + "=" + (word == null ? "\"$" + name + "\"" : word));
                    } else {
                        words.add(word == null ? name : name + "=" + word);
                    }
                }
                commands.add(gitpod ? "gp env " + String.join(" ", words) + " && eval \"$(gp env -e)\""
                        : "export " + String.join(" ", words));
            }
            if (recreate) {
                commands.add(recreate(compose.get()));
            }
            if (!commands.isEmpty()) {
                parts.add(String.join(" && ", commands));
            }
            return String.join("; then ", parts);
        }
    }
}
