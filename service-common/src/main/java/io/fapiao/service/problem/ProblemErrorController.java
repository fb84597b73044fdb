package io.fapiao.service.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error} as problem+json with a code, in place of Spring Boot's error controller: the errors a
 * filter or the container sent with {@code sendError}, which no {@code @ExceptionHandler} saw. Any
 * method; a direct request to {@code /error} is a 404 like any unknown path.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = forwarded instanceof Integer code && code >= 400 ? code : 404;
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ContainerProblem.json(status));
    }
}
