package dev.shop.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Kubernetes objects as parsed YAML maps, with the few navigation helpers the checks need. */
final class Manifests {

    private Manifests() {}

    /** Every object of a multi-document YAML text (the output of {@code helm template}), empty documents skipped. */
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                objects.add(map(document));
            }
        }
        return objects;
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.get("kind")))
                .toList();
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    /** The value at a dotted path ({@code spec.template.spec}), or null where any step is missing. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }

    /** The pod's spec of a workload: a Pod's own, or the pod template's (Deployment, Job). */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return "Pod".equals(workload.get("kind")) ? map(workload.get("spec")) : map(at(workload, "spec.template.spec"));
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        List<Map<String, Object>> containers =
                new ArrayList<>(list(podSpec(workload).get("containers")));
        containers.addAll(list(podSpec(workload).get("initContainers")));
        return containers;
    }

    /** Whether every label of {@code selector} is among {@code labels}. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty()
                && selector.entrySet().stream()
                        .allMatch(label -> Objects.equals(labels.get(label.getKey()), label.getValue()));
    }
}
