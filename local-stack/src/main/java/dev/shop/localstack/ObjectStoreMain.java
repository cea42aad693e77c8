package dev.shop.localstack;

/**
 * Entry point of the object store's child JVM: runs s3proxy's own main class and exits when the parent's pipe on
 * standard input closes, so a parent that dies, even by {@code kill -9}, leaves no orphan store.
 */
public final class ObjectStoreMain {

    private ObjectStoreMain() {}

    public static void main(String[] args) throws Exception {
        ChildJvms.exitWhenParentGoes();
        // by name: s3proxy is on the child's class path only, never on local-stack's own
        Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
