import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives the local broker the cluster's Kafka users and ACLs (issue 16):
 * {@code java KafkaUsers.java <bootstrap> <kafka-users.yaml> <dev kustomization.yaml>}.
 *
 * <p>Reads the Strimzi KafkaUser resources (the one source of the users and their ACLs), takes each user's DEV ONLY
 * password from the dev overlay's Secret {@code kafka-user-<name>} (the one the dev overlay's KafkaUser patch points
 * at), upserts the SCRAM-SHA-512 credential and makes the user's ACLs exactly the declared ones (extra ones are
 * removed, so tightening a KafkaUser tightens the local broker too). Signs in as the broker's super user, whose
 * JAAS configuration comes in the environment variable KAFKA_ADMIN_JAAS_CONFIG.
 */
public class KafkaUsers {
    public static void main(String[] args) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> users = new ArrayList<>();
        for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(new File(args[1])).readAll()) {
            if (doc != null && "KafkaUser".equals(doc.path("kind").asText())) {
                users.add(doc);
            }
        }
        JsonNode dev = yaml.readTree(new File(args[2]));

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, System.getenv("KAFKA_ADMIN_JAAS_CONFIG"));
        try (Admin admin = Admin.create(props)) {
            for (JsonNode user : users) {
                String name = user.path("metadata").path("name").asText();
                if (!"scram-sha-512".equals(user.path("spec").path("authentication").path("type").asText())) {
                    throw new IllegalArgumentException("KafkaUser " + name + ": only scram-sha-512 is provisioned locally");
                }
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), devPassword(dev, name))))
                        .all().get();

                String principal = "User:" + name;
                Set<AclBinding> wanted = new HashSet<>();
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode r = acl.path("resource");
                    ResourcePattern pattern = new ResourcePattern(resourceType(r.path("type").asText()),
                            r.path("name").asText(), "prefix".equals(r.path("patternType").asText("literal"))
                                    ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (JsonNode op : acl.path("operations")) {
                        wanted.add(new AclBinding(pattern, new AccessControlEntry(principal, acl.path("host").asText("*"),
                                AclOperation.fromString(op.asText().toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
                    }
                }
                AclBindingFilter mine = new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
                List<AclBindingFilter> extra = new ArrayList<>();
                for (AclBinding existing : admin.describeAcls(mine).values().get()) {
                    if (!wanted.contains(existing)) {
                        extra.add(existing.toFilter());
                    }
                }
                if (!extra.isEmpty()) {
                    admin.deleteAcls(extra).all().get();
                }
                admin.createAcls(wanted).all().get();
                System.out.printf("kafka user %s: %d ACLs (%d removed)%n", name, wanted.size(), extra.size());
            }
        }
    }

    private static ResourceType resourceType(String strimziType) {
        switch (strimziType) {
            case "topic": return ResourceType.TOPIC;
            case "group": return ResourceType.GROUP;
            case "cluster": return ResourceType.CLUSTER;
            case "transactionalId": return ResourceType.TRANSACTIONAL_ID;
            default: throw new IllegalArgumentException("ACL resource type " + strimziType);
        }
    }

    private static String devPassword(JsonNode devKustomization, String user) {
        for (JsonNode secret : devKustomization.path("secretGenerator")) {
            if (("kafka-user-" + user).equals(secret.path("name").asText())) {
                for (JsonNode literal : secret.path("literals")) {
                    if (literal.asText().startsWith("password=")) {
                        return literal.asText().substring("password=".length());
                    }
                }
            }
        }
        throw new IllegalArgumentException("no Secret kafka-user-" + user + " with a password literal in the dev overlay");
    }
}
