// Turns every failure into a JSON answer with a machine code and a sentence; no stack trace reaches a user.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../domain/errors';
import { inputErrorDetails, inputErrorMessage } from './input-errors';

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) return reply.code(error.status).send(error.toJSON());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = error.validationContext ?? 'request';
      const details = inputErrorDetails(
        part,
        error.validation.map((v) => ({
          path: String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
          code: v.keyword,
          message: v.message ?? '',
          params: v.params as Record<string, unknown>,
        })),
      );
      return reply.code(400).send({ code: 'invalid_input', message: inputErrorMessage(details), details });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.code(429).send({ code: 'rate_limited', message: 'Too many attempts. Wait a minute and try again.', details: [] });
    if (status >= 400 && status < 500) return reply.code(status).send({ code: 'invalid_input', message: error.message, details: [] });
    request.log.error(error);
    return reply.code(500).send({ code: 'internal', message: 'Something went wrong on the server. The error has been logged.', details: [] });
  });
}

/** Unknown API paths get a JSON 404; with the web app served, any other page URL gets index.html (client-side routing). */
export function installNotFound(app: FastifyInstance, serveWebApp: boolean) {
  app.setNotFoundHandler((request, reply) => {
    if (serveWebApp && request.method === 'GET' && !request.url.startsWith('/api')) return reply.sendFile('index.html');
    return reply.code(404).send({ code: 'not_found', message: `There is no ${request.method} ${request.url.split('?')[0]} in the API.`, details: [] });
  });
}
