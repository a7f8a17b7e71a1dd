import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the platform's topics on the local broker if they are missing (java CreateTopics.java <bootstrap> name...).
 * Consumers and tests that read a topic before anything was produced to it then find it, with its partitions, on a
 * fresh broker too. The Strimzi KafkaTopic resources in k8s/ declare the same names for the cluster.
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        // The broker's super user (scripts/infra.sh): the broker requires SASL/SCRAM of every client.
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", System.getenv("KAFKA_ADMIN_JAAS_CONFIG"));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(args).subList(1, args.length).stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, 3, (short) 1).configs(Map.of("min.insync.replicas", "1")))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            System.out.println("topics created: " + missing.stream().map(NewTopic::name).collect(Collectors.joining(" ")));
        }
    }
}
