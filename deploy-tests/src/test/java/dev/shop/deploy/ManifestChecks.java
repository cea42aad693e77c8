package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static dev.shop.deploy.Manifests.containers;
import static dev.shop.deploy.Manifests.list;
import static dev.shop.deploy.Manifests.map;
import static dev.shop.deploy.Manifests.name;
import static dev.shop.deploy.Manifests.ofKind;
import static dev.shop.deploy.Manifests.podSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every rendering of the chart must satisfy, as a list of violations (empty: all good): probes, resources,
 * non-root and locked-down containers (of Deployments, Jobs and the helm test Pods), a PodDisruptionBudget per
 * Deployment, pinned images, and no secret value in plain text (nor a realm with a client secret or a user).
 */
final class ManifestChecks {

    // a name that marks a secret: SPRING_R2DBC_PASSWORD, SHOP_KEYCLOAK_CLIENTSECRET, STRIPE_SECRET_KEY, API_KEY ...
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i)(password|passwd|secret|token|credential)|(^|[_.-])(api[_-]?)?key($|[_.-])");
    // a value Keycloak takes from the environment while importing a realm (the operator's placeholders)
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[A-Z][A-Z0-9_]*}$");
    private static final Pattern PINNED_IMAGE =
            Pattern.compile("^[^@\\s]+(:[\\w][\\w.-]{0,127}|@sha256:[0-9a-f]{64})$");

    private ManifestChecks() {}

    static List<String> violations(List<Map<String, Object>> objects) {
        List<String> violations = new ArrayList<>();
        List<Map<String, Object>> budgets = ofKind(objects, "PodDisruptionBudget");
        for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
            String where = "Deployment " + name(deployment);
            checkPod(where, deployment, violations);
            for (Map<String, Object> container : containers(deployment)) {
                String in = where + " container " + container.get("name");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (container.get(probe) == null) {
                        violations.add(in + " has no " + probe);
                    }
                }
            }
            Map<String, Object> podLabels = map(at(deployment, "spec.template.metadata.labels"));
            boolean budgeted = budgets.stream()
                    .anyMatch(budget -> Manifests.selects(map(at(budget, "spec.selector.matchLabels")), podLabels));
            if (!budgeted) {
                violations.add(where + " has no PodDisruptionBudget");
            }
        }
        for (Map<String, Object> job : ofKind(objects, "Job")) {
            checkPod("Job " + name(job), job, violations);
        }
        for (Map<String, Object> pod : ofKind(objects, "Pod")) {
            checkPod("Pod " + name(pod), pod, violations);
        }
        for (Map<String, Object> secret : ofKind(objects, "Secret")) {
            violations.add("Secret " + name(secret) + " holds values in the chart; reference an existing Secret");
        }
        for (Map<String, Object> realmImport : ofKind(objects, "KeycloakRealmImport")) {
            checkRealm("KeycloakRealmImport " + name(realmImport), map(at(realmImport, "spec.realm")), violations);
        }
        for (Map<String, Object> configMap : ofKind(objects, "ConfigMap")) {
            for (String key : map(configMap.get("data")).keySet()) {
                if (SECRET_NAME.matcher(key).find()) {
                    violations.add("ConfigMap " + name(configMap) + " holds " + key + " in plain text");
                }
            }
        }
        return violations;
    }

    /** A realm's client secrets come from placeholders (a Secret), and it has no user who could log in. */
    private static void checkRealm(String where, Map<String, Object> realm, List<String> violations) {
        for (Map<String, Object> client : list(realm.get("clients"))) {
            Object secret = client.get("secret");
            if (secret != null && !PLACEHOLDER.matcher(String.valueOf(secret)).matches()) {
                violations.add(where + " holds the secret of client " + client.get("clientId") + " in plain text");
            }
        }
        for (Map<String, Object> user : list(realm.get("users"))) {
            if (user.get("serviceAccountClientId") == null || user.get("credentials") != null) {
                violations.add(where + " has user " + user.get("username"));
            }
        }
    }

    private static void checkPod(String where, Map<String, Object> workload, List<String> violations) {
        Map<String, Object> pod = podSpec(workload);
        boolean podNonRoot = Boolean.TRUE.equals(at(pod, "securityContext.runAsNonRoot"));
        for (Map<String, Object> container : containers(workload)) {
            String in = where + " container " + container.get("name");
            String image = String.valueOf(container.get("image"));
            if (!PINNED_IMAGE.matcher(image).matches() || image.endsWith(":latest")) {
                violations.add(in + " uses an unpinned image " + image);
            }
            Map<String, Object> security = map(container.get("securityContext"));
            if (!podNonRoot && !Boolean.TRUE.equals(security.get("runAsNonRoot"))) {
                violations.add(in + " may run as root");
            }
            if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                violations.add(in + " has a writable root filesystem");
            }
            if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                violations.add(in + " allows privilege escalation");
            }
            if (!List.of("ALL").equals(at(security, "capabilities.drop"))) {
                violations.add(in + " does not drop all capabilities");
            }
            for (String resource : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                if (at(container.get("resources"), resource) == null) {
                    violations.add(in + " sets no resources." + resource);
                }
            }
            for (Map<String, Object> env : list(container.get("env"))) {
                if (env.containsKey("value")
                        && SECRET_NAME.matcher(String.valueOf(env.get("name"))).find()) {
                    violations.add(in + " sets " + env.get("name") + " in plain text");
                }
            }
        }
    }
}
