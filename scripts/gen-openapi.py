#!/usr/bin/env python3
# Writes docs/openapi.json and the Swift copy the server serves:
#   scripts/gen-openapi.py docs/openapi.json Sources/CoalitionServer/API/V4/OpenAPIDocument.swift
import json
err = {"$ref": "#/components/responses/Error"}
nf = {"$ref": "#/components/responses/NotFound"}
def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": schema}}}
one = ok({"const": 1}, "Done")
idp = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
jobs = {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}
idlist = {"type": "array", "items": {"type": "integer", "minimum": 1}}
# v4 also takes dependencies as a string holding the ids ("12,13").
deps = {"oneOf": [idlist, {"type": "string"}]}
names = {"type": "array", "items": {"type": "string"}}
def body(schema):
    # v4 reads an empty body as {} (or an empty list): the body is optional.
    return {"required": False, "content": {"application/json": {"schema": schema}}}
def action(summary, schema, what):
    return {"post": {"summary": summary, "requestBody": body(schema), "responses": {"200": one, "400": err, "404": nf}}}
wc = {"name": "where_clause", "in": "query", "required": True,
      "description": "A predicate: column comparisons (=, !=, <>, <, >, <=, >=, LIKE, NOT LIKE) joined by AND, OR, NOT and parentheses; values are quoted strings or numbers. Anything else is refused with 400.",
      "schema": {"type": "string"}}
distinct = lambda col, t: {"get": {"summary": "Distinct values of the %s column" % col, "responses": {"200": ok({"type": "array", "items": {"type": "object", "required": [col], "properties": {col: t}}})}}}
job_props = {
    "id": {"type": "integer"}, "parent": {"type": "integer"}, "title": {"type": "string"},
    "command": {"type": "string"}, "dir": {"type": "string"}, "environment": {"type": "string"},
    "state": {"type": "string", "enum": ["WAITING", "PENDING", "WORKING", "PAUSED", "FINISHED", "ERROR"]},
    "paused": {"type": "integer", "enum": [0, 1]}, "worker": {"type": "string"},
    "start_time": {"type": "integer"}, "duration": {"type": "integer"}, "run_done": {"type": "integer"},
    "retry": {"type": "integer"}, "timeout": {"type": "integer"}, "priority": {"type": "integer"},
    "affinity": {"type": "string"}, "affinity_bits": {"type": "integer"}, "user": {"type": "string"},
    "finished": {"type": "integer"}, "errors": {"type": "integer"}, "working": {"type": "integer"},
    "total": {"type": "integer"}, "total_finished": {"type": "integer"}, "total_errors": {"type": "integer"},
    "total_working": {"type": "integer"}, "url": {"type": "string"},
    "progress": {"type": ["number", "null"]}, "progress_pattern": {"type": "string"},
    "h_affinity": {"type": "integer"}, "h_priority": {"type": "integer"}, "h_paused": {"type": "integer", "enum": [0, 1]},
    "h_depth": {"type": "integer"},
}
new_job = {"type": "object", "additionalProperties": False, "properties": {
    "parent": {"type": "integer"}, "title": {"type": "string"}, "command": {"type": "string"}, "dir": {"type": "string"},
    "environment": {"type": "string"}, "state": {"type": "string", "enum": ["WAITING", "PAUSED"]},
    "paused": {"oneOf": [{"type": "integer", "enum": [0, 1]}, {"type": "boolean"}]}, "retry": {"type": "integer"}, "timeout": {"type": "integer"},
    "priority": {"type": "integer"}, "affinity": {"type": "string"}, "user": {"type": "string"}, "url": {"type": "string"},
    "progress_pattern": {"type": "string"}, "dependencies": deps}}
edit = {"type": "object", "additionalProperties": False, "properties": {
    "parent": {"type": "integer"}, "title": {"type": "string"}, "command": {"type": "string"}, "dir": {"type": "string"},
    "environment": {"type": "string"}, "state": {"type": "string", "enum": ["WAITING", "PAUSED"]},
    "paused": {"oneOf": [{"type": "integer", "enum": [0, 1]}, {"type": "boolean"}]}, "retry": {"type": "integer"}, "timeout": {"type": "integer"},
    "priority": {"type": "integer"}, "affinity": {"type": "string"}, "user": {"type": "string"}, "url": {"type": "string"},
    "progress_pattern": {"type": "string"}, "dependencies": deps}}
doc = {
  "openapi": "3.1.0",
  "info": {"title": "coalition-swift: Coalition v4 REST API", "version": "4",
           "description": "The REST API of Coalition v4 (its server.py api_rest) served over the same farm as /json/ and /xmlrpc. Every path is also served under /api/webfrontend/. docs/api.md has the translation rules between v4's model and this farm's."},
  "paths": {
    "/api/jobs": {
      "get": {"summary": "The root's children", "responses": {"200": ok(jobs)}},
      "put": {"summary": "Add a job; answers its id (false when the command whitelist refuses it)",
              "requestBody": body(new_job), "responses": {"200": ok({"oneOf": [{"type": "integer"}, {"const": False}]}), "400": err, "404": nf}},
      "post": {"summary": "Edit jobs", "requestBody": body({"type": "object", "propertyNames": {"pattern": "^[0-9]+$"}, "additionalProperties": edit}),
               "responses": {"200": one, "400": err, "404": nf}},
      "delete": {"summary": "Remove jobs (and their children)", "requestBody": body(idlist), "responses": {"200": one, "400": err, "404": nf}},
    },
    "/api/jobs/{id}": {"get": {"summary": "One job, with its dependency ids", "parameters": [idp],
        "responses": {"200": ok({"allOf": [{"$ref": "#/components/schemas/Job"}, {"type": "object", "required": ["dependencies"], "properties": {"dependencies": {"type": "array", "items": {"type": "integer"}}}}]}), "404": nf}}},
    "/api/jobs/{id}/children": {"get": {"summary": "A job's children", "parameters": [idp], "responses": {"200": ok(jobs), "404": nf}}},
    "/api/jobs/{id}/dependencies": {
      "get": {"summary": "The jobs a job depends on", "parameters": [idp], "responses": {"200": ok(jobs), "404": nf}},
      "post": {"summary": "Set a job's dependencies", "parameters": [idp], "requestBody": body(deps), "responses": {"200": one, "400": err, "404": nf}}},
    "/api/jobs/{id}/childrendependencies": {"get": {"summary": "Dependencies of a job's children", "parameters": [idp],
        "responses": {"200": ok({"type": "array", "items": {"type": "object", "required": ["id", "dependency"], "properties": {"id": {"type": "integer"}, "dependency": {"type": "integer"}}}}), "404": nf}}},
    "/api/jobs/{id}/log": {"get": {"summary": "A job's output", "parameters": [idp], "responses": {"200": ok({"type": "string"}), "404": nf}}},
    "/api/jobs/where/": {"get": {"summary": "Jobs matching a predicate, in id order: skip min, then at most max",
        "parameters": [wc, {"name": "min", "in": "query", "schema": {"type": "integer", "minimum": 0}}, {"name": "max", "in": "query", "schema": {"type": "integer", "minimum": 0}}],
        "responses": {"200": ok(jobs), "400": err}}},
    "/api/jobs/count/where/": {"get": {"summary": "The number of jobs matching a predicate", "parameters": [wc],
        "responses": {"200": ok({"type": "integer", "minimum": 0}), "400": err}}},
    "/api/jobs/users/": distinct("user", {"type": "string"}),
    "/api/jobs/states/": distinct("state", {"type": "string"}),
    "/api/jobs/workers/": distinct("worker", {"type": "string"}),
    "/api/jobs/priorities/": distinct("priority", {"type": "integer"}),
    "/api/jobs/affinities/": distinct("affinity", {"type": "string"}),
    "/api/workers": {
      "get": {"summary": "The workers", "responses": {"200": ok({"type": "array", "items": {"$ref": "#/components/schemas/Worker"}})}},
      "post": {"summary": "Edit workers' affinity", "requestBody": body({"type": "object", "additionalProperties": {"type": "object", "additionalProperties": False, "properties": {"affinity": {"type": "string"}}}}),
               "responses": {"200": one, "400": err, "404": nf}},
      "delete": {"summary": "Remove workers", "requestBody": body(names), "responses": {"200": one, "400": err, "404": nf}}},
    "/api/events": {"get": {"summary": "Activities (runs)", "parameters": [
        {"name": "job", "in": "query", "schema": {"type": "integer"}}, {"name": "worker", "in": "query", "schema": {"type": "string"}},
        {"name": "howlong", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": ok({"type": "array", "items": {"$ref": "#/components/schemas/Event"}}), "400": err}}},
    "/api/affinities": {"get": {"summary": "Affinity numbers 1 to 63 and their words", "responses": {"200": ok({"type": "object", "propertyNames": {"pattern": "^[0-9]+$"}, "additionalProperties": {"type": "string"}})}},
                        "post": {"summary": "Accepted for v4 clients; names are the words in use and the numbering is derived, so nothing changes",
                                 "requestBody": body({"type": "object", "propertyNames": {"pattern": "^[0-9]+$"}, "additionalProperties": {"type": "string"}}),
                                 "responses": {"200": one, "400": err}}},
    "/api/resetjobs": action("Reset jobs", idlist, "job"),
    "/api/reseterrorjobs": action("Reset the failed leaves of jobs", idlist, "job"),
    "/api/startjobs": action("Start (unpause) jobs", idlist, "job"),
    "/api/pausejobs": action("Pause jobs", idlist, "job"),
    "/api/stopworkers": action("Stop workers", names, "worker"),
    "/api/startworkers": action("Start workers", names, "worker"),
  },
  "components": {
    "schemas": {
      "Job": {"type": "object", "required": sorted(job_props), "properties": job_props},
      "Worker": {"type": "object", "required": ["name", "ip", "affinity", "state", "finished", "error", "last_job", "cpu", "free_memory", "total_memory", "active", "ping_time"],
                 "properties": {"name": {"type": "string"}, "start_time": {"type": "number"}, "ip": {"type": "string"}, "affinity": {"type": "string"},
                                "state": {"type": "string", "enum": ["WAITING", "WORKING", "TIMEOUT"]}, "finished": {"type": "integer"}, "error": {"type": "integer"},
                                "last_job": {"type": "integer"}, "current_event": {"type": "integer"}, "cpu": {"type": "string"},
                                "free_memory": {"type": "integer"}, "total_memory": {"type": "integer"}, "active": {"type": "integer", "enum": [0, 1]}, "ping_time": {"type": "number"}}},
      "Event": {"type": "object", "required": ["id", "worker", "job_id", "job_title", "state", "start", "duration"],
                "properties": {"id": {"type": "integer"}, "worker": {"type": "string"}, "job_id": {"type": "integer"}, "job_title": {"type": "string"},
                               "state": {"type": "string"}, "start": {"type": "integer"}, "duration": {"type": "integer"}}},
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    },
    "responses": {
      "Error": {"description": "Bad input; nothing changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "Unknown job or worker; nothing changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    },
  },
}
import sys
text = json.dumps(doc, indent=1, sort_keys=False) + "\n"
open(sys.argv[1], "w").write(text)
swift = ('/// The OpenAPI 3.1 description of `/api/`, served at `/api/openapi.json`; the same text\n'
         '/// as docs/openapi.json (an end-to-end test compares them).\n'
         'enum OpenAPIDocument {\n    static let text = #"""\n' + text + '"""#\n}\n')
open(sys.argv[2], "w").write(swift)
