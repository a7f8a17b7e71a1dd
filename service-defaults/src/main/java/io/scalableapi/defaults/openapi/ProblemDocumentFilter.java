package io.scalableapi.defaults.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.scalableapi.contracts.errors.Problem;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares in every service's OpenAPI document the error body every service actually sends: an RFC 9457 problem
 * ({@link Problem}, {@code application/problem+json}). Error responses the scanner listed without a body (401, 403, 400)
 * get the problem schema, an operation on a path with a parameter gets its 404, and every operation a {@code default}
 * problem response, so a generated client can read any error as a typed problem. Runs at build time, so the document
 * the build stores for the contract gate is the one clients see.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemDocumentFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    private static final String REF = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(FIELD_ERROR, fieldError());
        openAPI.getComponents().addSchema(PROBLEM, problem());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.getOperations().entrySet()) {
                responses(e.getValue(), path.contains("{"));
            }
        });
    }

    private static void responses(Operation operation, boolean hasPathParameter) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (hasPathParameter && !responses.hasAPIResponse("404")) {
            responses.addAPIResponse("404", OASFactory.createAPIResponse().description("Not found"));
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(OASFactory.createAPIResponse().description("Any other error"));
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if ((status.startsWith("4") || status.startsWith("5") || status.equals(APIResponses.DEFAULT))
                        && (response.getContent() == null || response.getContent().getMediaTypes() == null
                                || response.getContent().getMediaTypes().isEmpty())) {
                    withProblem(response);
                }
            });
        }
    }

    private static void withProblem(APIResponse response) {
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF + PROBLEM))));
    }

    private static Schema problem() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details: the body of every error response")
                .addProperty("type", string("A URI naming the kind of problem").format("uri"))
                .addProperty("title", string("Short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32").description("The HTTP status code"))
                .addProperty("detail", string("What went wrong with this request"))
                .addProperty("instance", string("The request path").format("uri-reference"))
                .addProperty("correlationId", string("The X-Request-Id of the request, to quote to support"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("The invalid inputs, when the request had any")
                        .items(OASFactory.createSchema().ref(REF + FIELD_ERROR)))
                .required(List.of("type", "title", "status"));
    }

    private static Schema fieldError() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("One invalid input: where it is and what is wrong with it")
                .addProperty("field", string("A JSON path, query parameter or header name"))
                .addProperty("message", string("What is wrong with it"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }
}
