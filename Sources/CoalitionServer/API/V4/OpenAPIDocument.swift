/// The OpenAPI 3.1 description of `/api/`, served at `/api/openapi.json`; the same text
/// as docs/openapi.json (an end-to-end test compares them).
enum OpenAPIDocument {
    static let text = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "coalition-swift: Coalition v4 REST API",
  "version": "4",
  "description": "The REST API of Coalition v4 (its server.py api_rest) served over the same farm as /json/ and /xmlrpc. Every path is also served under /api/webfrontend/. docs/api.md has the translation rules between v4's model and this farm's."
 },
 "paths": {
  "/api/jobs": {
   "get": {
    "summary": "The root's children",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Job"
         }
        }
       }
      }
     }
    }
   },
   "put": {
    "summary": "Add a job; answers its id (false when the command whitelist refuses it)",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "parent": {
          "type": "integer"
         },
         "title": {
          "type": "string"
         },
         "command": {
          "type": "string"
         },
         "dir": {
          "type": "string"
         },
         "environment": {
          "type": "string"
         },
         "state": {
          "type": "string",
          "enum": [
           "WAITING",
           "PAUSED"
          ]
         },
         "paused": {
          "oneOf": [
           {
            "type": "integer",
            "enum": [
             0,
             1
            ]
           },
           {
            "type": "boolean"
           }
          ]
         },
         "retry": {
          "type": "integer"
         },
         "timeout": {
          "type": "integer"
         },
         "priority": {
          "type": "integer"
         },
         "affinity": {
          "type": "string"
         },
         "user": {
          "type": "string"
         },
         "url": {
          "type": "string"
         },
         "progress_pattern": {
          "type": "string"
         },
         "dependencies": {
          "oneOf": [
           {
            "type": "array",
            "items": {
             "type": "integer",
             "minimum": 1
            }
           },
           {
            "type": "string"
           }
          ]
         }
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "oneOf": [
          {
           "type": "integer"
          },
          {
           "const": false
          }
         ]
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   },
   "post": {
    "summary": "Edit jobs",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "propertyNames": {
         "pattern": "^[0-9]+$"
        },
        "additionalProperties": {
         "type": "object",
         "additionalProperties": false,
         "properties": {
          "parent": {
           "type": "integer"
          },
          "title": {
           "type": "string"
          },
          "command": {
           "type": "string"
          },
          "dir": {
           "type": "string"
          },
          "environment": {
           "type": "string"
          },
          "state": {
           "type": "string",
           "enum": [
            "WAITING",
            "PAUSED"
           ]
          },
          "paused": {
           "oneOf": [
            {
             "type": "integer",
             "enum": [
              0,
              1
             ]
            },
            {
             "type": "boolean"
            }
           ]
          },
          "retry": {
           "type": "integer"
          },
          "timeout": {
           "type": "integer"
          },
          "priority": {
           "type": "integer"
          },
          "affinity": {
           "type": "string"
          },
          "user": {
           "type": "string"
          },
          "url": {
           "type": "string"
          },
          "progress_pattern": {
           "type": "string"
          },
          "dependencies": {
           "oneOf": [
            {
             "type": "array",
             "items": {
              "type": "integer",
              "minimum": 1
             }
            },
            {
             "type": "string"
            }
           ]
          }
         }
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   },
   "delete": {
    "summary": "Remove jobs (and their children)",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "integer",
         "minimum": 1
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/jobs/{id}": {
   "get": {
    "summary": "One job, with its dependency ids",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "allOf": [
          {
           "$ref": "#/components/schemas/Job"
          },
          {
           "type": "object",
           "required": [
            "dependencies"
           ],
           "properties": {
            "dependencies": {
             "type": "array",
             "items": {
              "type": "integer"
             }
            }
           }
          }
         ]
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/jobs/{id}/children": {
   "get": {
    "summary": "A job's children",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Job"
         }
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/jobs/{id}/dependencies": {
   "get": {
    "summary": "The jobs a job depends on",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Job"
         }
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   },
   "post": {
    "summary": "Set a job's dependencies",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "oneOf": [
         {
          "type": "array",
          "items": {
           "type": "integer",
           "minimum": 1
          }
         },
         {
          "type": "string"
         }
        ]
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/jobs/{id}/childrendependencies": {
   "get": {
    "summary": "Dependencies of a job's children",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "id",
           "dependency"
          ],
          "properties": {
           "id": {
            "type": "integer"
           },
           "dependency": {
            "type": "integer"
           }
          }
         }
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/jobs/{id}/log": {
   "get": {
    "summary": "A job's output",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/jobs/where/": {
   "get": {
    "summary": "Jobs matching a predicate, in id order: skip min, then at most max",
    "parameters": [
     {
      "name": "where_clause",
      "in": "query",
      "required": true,
      "description": "A predicate: column comparisons (=, !=, <>, <, >, <=, >=, LIKE, NOT LIKE) joined by AND, OR, NOT and parentheses; values are quoted strings or numbers. Anything else is refused with 400.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "min",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     },
     {
      "name": "max",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Job"
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/jobs/count/where/": {
   "get": {
    "summary": "The number of jobs matching a predicate",
    "parameters": [
     {
      "name": "where_clause",
      "in": "query",
      "required": true,
      "description": "A predicate: column comparisons (=, !=, <>, <, >, <=, >=, LIKE, NOT LIKE) joined by AND, OR, NOT and parentheses; values are quoted strings or numbers. Anything else is refused with 400.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "integer",
         "minimum": 0
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/jobs/users/": {
   "get": {
    "summary": "Distinct values of the user column",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "user"
          ],
          "properties": {
           "user": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/jobs/states/": {
   "get": {
    "summary": "Distinct values of the state column",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "state"
          ],
          "properties": {
           "state": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/jobs/workers/": {
   "get": {
    "summary": "Distinct values of the worker column",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "worker"
          ],
          "properties": {
           "worker": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/jobs/priorities/": {
   "get": {
    "summary": "Distinct values of the priority column",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "priority"
          ],
          "properties": {
           "priority": {
            "type": "integer"
           }
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/jobs/affinities/": {
   "get": {
    "summary": "Distinct values of the affinity column",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "affinity"
          ],
          "properties": {
           "affinity": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/workers": {
   "get": {
    "summary": "The workers",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Worker"
         }
        }
       }
      }
     }
    }
   },
   "post": {
    "summary": "Edit workers' affinity",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": {
         "type": "object",
         "additionalProperties": false,
         "properties": {
          "affinity": {
           "type": "string"
          }
         }
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   },
   "delete": {
    "summary": "Remove workers",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "string"
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/events": {
   "get": {
    "summary": "Activities (runs)",
    "parameters": [
     {
      "name": "job",
      "in": "query",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "worker",
      "in": "query",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "howlong",
      "in": "query",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Event"
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/affinities": {
   "get": {
    "summary": "Affinity numbers 1 to 63 and their words",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "propertyNames": {
          "pattern": "^[0-9]+$"
         },
         "additionalProperties": {
          "type": "string"
         }
        }
       }
      }
     }
    }
   },
   "post": {
    "summary": "Accepted for v4 clients; names are the words in use and the numbering is derived, so nothing changes",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "propertyNames": {
         "pattern": "^[0-9]+$"
        },
        "additionalProperties": {
         "type": "string"
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/resetjobs": {
   "post": {
    "summary": "Reset jobs",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "integer",
         "minimum": 1
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/reseterrorjobs": {
   "post": {
    "summary": "Reset the failed leaves of jobs",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "integer",
         "minimum": 1
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/startjobs": {
   "post": {
    "summary": "Start (unpause) jobs",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "integer",
         "minimum": 1
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/pausejobs": {
   "post": {
    "summary": "Pause jobs",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "integer",
         "minimum": 1
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/stopworkers": {
   "post": {
    "summary": "Stop workers",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "string"
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/startworkers": {
   "post": {
    "summary": "Start workers",
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "array",
        "items": {
         "type": "string"
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done",
      "content": {
       "application/json": {
        "schema": {
         "const": 1
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  }
 },
 "components": {
  "schemas": {
   "Job": {
    "type": "object",
    "required": [
     "affinity",
     "affinity_bits",
     "command",
     "dir",
     "duration",
     "environment",
     "errors",
     "finished",
     "h_affinity",
     "h_depth",
     "h_paused",
     "h_priority",
     "id",
     "parent",
     "paused",
     "priority",
     "progress",
     "progress_pattern",
     "retry",
     "run_done",
     "start_time",
     "state",
     "timeout",
     "title",
     "total",
     "total_errors",
     "total_finished",
     "total_working",
     "url",
     "user",
     "worker",
     "working"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "parent": {
      "type": "integer"
     },
     "title": {
      "type": "string"
     },
     "command": {
      "type": "string"
     },
     "dir": {
      "type": "string"
     },
     "environment": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "WAITING",
       "PENDING",
       "WORKING",
       "PAUSED",
       "FINISHED",
       "ERROR"
      ]
     },
     "paused": {
      "type": "integer",
      "enum": [
       0,
       1
      ]
     },
     "worker": {
      "type": "string"
     },
     "start_time": {
      "type": "integer"
     },
     "duration": {
      "type": "integer"
     },
     "run_done": {
      "type": "integer"
     },
     "retry": {
      "type": "integer"
     },
     "timeout": {
      "type": "integer"
     },
     "priority": {
      "type": "integer"
     },
     "affinity": {
      "type": "string"
     },
     "affinity_bits": {
      "type": "integer"
     },
     "user": {
      "type": "string"
     },
     "finished": {
      "type": "integer"
     },
     "errors": {
      "type": "integer"
     },
     "working": {
      "type": "integer"
     },
     "total": {
      "type": "integer"
     },
     "total_finished": {
      "type": "integer"
     },
     "total_errors": {
      "type": "integer"
     },
     "total_working": {
      "type": "integer"
     },
     "url": {
      "type": "string"
     },
     "progress": {
      "type": [
       "number",
       "null"
      ]
     },
     "progress_pattern": {
      "type": "string"
     },
     "h_affinity": {
      "type": "integer"
     },
     "h_priority": {
      "type": "integer"
     },
     "h_paused": {
      "type": "integer",
      "enum": [
       0,
       1
      ]
     },
     "h_depth": {
      "type": "integer"
     }
    }
   },
   "Worker": {
    "type": "object",
    "required": [
     "name",
     "ip",
     "affinity",
     "state",
     "finished",
     "error",
     "last_job",
     "cpu",
     "free_memory",
     "total_memory",
     "active",
     "ping_time"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "start_time": {
      "type": "number"
     },
     "ip": {
      "type": "string"
     },
     "affinity": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "WAITING",
       "WORKING",
       "TIMEOUT"
      ]
     },
     "finished": {
      "type": "integer"
     },
     "error": {
      "type": "integer"
     },
     "last_job": {
      "type": "integer"
     },
     "current_event": {
      "type": "integer"
     },
     "cpu": {
      "type": "string"
     },
     "free_memory": {
      "type": "integer"
     },
     "total_memory": {
      "type": "integer"
     },
     "active": {
      "type": "integer",
      "enum": [
       0,
       1
      ]
     },
     "ping_time": {
      "type": "number"
     }
    }
   },
   "Event": {
    "type": "object",
    "required": [
     "id",
     "worker",
     "job_id",
     "job_title",
     "state",
     "start",
     "duration"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "worker": {
      "type": "string"
     },
     "job_id": {
      "type": "integer"
     },
     "job_title": {
      "type": "string"
     },
     "state": {
      "type": "string"
     },
     "start": {
      "type": "integer"
     },
     "duration": {
      "type": "integer"
     }
    }
   },
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "string"
     }
    }
   }
  },
  "responses": {
   "Error": {
    "description": "Bad input; nothing changed",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NotFound": {
    "description": "Unknown job or worker; nothing changed",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  }
 }
}
"""#
}
