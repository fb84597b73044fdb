package io.fapiao.service.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/** Registers {@link ProblemResponses} in every service that serves HTTP. */
@AutoConfiguration
@ConditionalOnWebApplication
@Import(ProblemResponses.class)
public class ProblemConfiguration {}
