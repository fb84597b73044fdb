package io.fapiao.service.problem;

import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report as problem+json instead of its HTML page: what a client gets when Tomcat
 * itself refuses a request (odd characters or a bad escape in the path, an oversized header) before
 * any servlet runs. Installed on the host in place of Tomcat's own valve ({@link ContainerErrors}).
 */
public class ProblemErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own valve: only an error status with nothing written yet, and only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(ContainerProblem.json(status));
                response.finishResponse();
            }
        } catch (java.io.IOException | IllegalStateException e) {
            // The connection is gone or the response was committed meanwhile: nothing more can be said.
        }
    }
}
