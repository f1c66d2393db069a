/// The text printed by `coalition control --help`.
enum ControlHelp {
    static let text = """
    Usage: coalition control [OPTIONS] [SERVER_URL] ACTION [ARGS] [OPTIONS]

    Add, inspect and manage jobs and workers on a Coalition server.
    SERVER_URL is like http://render-master:19211 (or host:port). It may be omitted
    when COALITION_SERVER is set, or found on the local network with --discover.
    Options may come before or after the action.

    Job actions:
      add [-- COMMAND...]      add a job; prints its id alone on stdout
      list [ID]                list the children of a job (default: the root, or -P ID)
      show ID...               every field of the given jobs
      tree [ID]                the job tree below a job, with states and progress
      remove ID...             remove jobs and everything below them
      reset ID...              reset jobs and their subtrees to WAITING (deletes their logs)
      reset-errors ID...       reset the jobs, and their children in ERROR
      pause ID...              pause jobs (a group pauses its whole subtree)
      start ID...              resume paused jobs
      move ID... --to PARENT   move jobs under another parent
      update ID... --set Prop=Value [--set ...]
                               change properties: Title, Command, Dir, URL, Priority,
                               Retry, TimeOut, Affinity, Dependencies, User, Environment
      log ID [-f]              print a job's log; -f follows it until the job ends

    Worker actions:
      workers                  list workers with state, load and memory
      worker-start NAME...     let workers take jobs again
      worker-stop NAME...      stop giving jobs to workers (their running jobs are requeued)
      worker-clear NAME...     forget workers
      worker-affinity NAME AFFINITY
                               set a worker's affinity words ("" clears them)
      activities               who ran what: --job ID, --worker NAME, --since SECONDS

    Scheduling rules (docs/scheduling.md):
      blocklist ID...          the workers that failed a job, their errors, until when
                               they are kept away from it
      blocklist-clear ID...    forget those failures (the jobs and their descendants)
      limits                   the counted limits with their maximum, use and free units
      limit-set NAME MAX       create a limit or change its maximum

    Render actions (docs/presets.md):
      presets                  the render presets the server offers, with their parameters
      submit PRESET FILE --frames RANGE [--chunk N] [--param NAME=VALUE ...] [--dry-run]
                               one parent job named after FILE, one child per chunk of
                               frames; prints the parent's id (--dry-run: the jobs instead).
                               RANGE: 1-240, 1-100x5 (every 5th), 1,5,10-12. Takes the
                               job options of add (-t, -d, -p, -r, -T, -a, -D, -P, --env,
                               --url, --user, --paused).

    IDs: several ids and ranges, as arguments or with -i: 12 15 20-30, or -i "12 15 20-30".

    Options for add:
      -c, --cmd, --command CMD  command to run (without it the job is an empty group)
      -t, --title TITLE         title (default: New job)
      -d, --directory DIR       working directory (default: .)
      -p, --priority N          priority, higher runs first (default: 1000)
      -r, --retry N             maximum number of runs on error (default: 10)
      -T, --timeout N           maximum run time in seconds, 0 = none (default: 0)
      -a, --affinity WORDS      words a worker must have, separated by commas
      -D, --dependencies IDS    jobs that must finish first, e.g. "21 22 23" or 20-30
      -P, --parent PARENT       parent job: id, title or path A|B|C (default: 0, the root)
      --localprogress PATTERN   log pattern of the job's progress, e.g. "PROGRESS:%percent"
      --globalprogress PATTERN  log pattern of the overall progress, e.g. "Frame %one"
      --env NAME=VALUE          environment variable for the command (repeatable)
      --url URL                 link shown in the web interface
      --user USER               owner of the job
      --paused                  add the job paused
      --maxworkererrors N       failures of one worker before it is kept away from
                                the job (0 = inherited; default: the server's)
      --forgivetime SECONDS     how long a worker is kept away (0 = for good)
      --limits NAMES            limits a run holds one unit of, e.g. "nuke,arnold"
      --stalltimeout SECONDS    stop a run whose progress and output do not change
                                for that long (0 = inherited, off by default)

    Other options:
      -i, --jobid IDS           job ids for the job actions
      --filter STATE            list: only jobs in STATE (WAITING, WORKING, PAUSED, FINISHED, ERROR)
      --to PARENT               move: id of the new parent
      --set Prop=Value          update: property to change (repeatable)
      -f, --follow              log: follow until the job is FINISHED, ERROR or PAUSED
      --interval SECONDS        log -f: time between polls (default: 1)
      --job ID, --worker NAME, --since SECONDS
                                activities: filters
      --json                    machine-readable output (see docs/control.md)
      --discover                find the server by UDP broadcast
      --discovery-port PORT     port asked by --discover (default: 19211)
      --broadcast ADDRESS       address asked by --discover (default: 255.255.255.255)
      -v, --verbose             print every request on stderr
      -h, --help                show this help
      -s, --start N, -e, --end N
                                accepted for compatibility, unused

    Exit status: 0 on success, 1 when the server is unreachable or refuses
    (unknown job or worker, ...), 2 for a bad command line.

    Examples:
      coalition control -t "Job" -a "Linux" -c "echo Hello world!" http://localhost:19211 add
      id=$(coalition control http://farm:19211 add -t Shot010 -c "render shot010.scn")
      coalition control http://farm:19211 add -P "$id" -t "Frame 1" -c "render -f 1" --localprogress "%percent%"
      export COALITION_SERVER=http://farm:19211
      coalition control tree
      coalition control pause 12 15 20-30
      coalition control update 12 --set Priority=2000 --set Affinity=linux,gpu
      coalition control move 40-45 --to 12
      coalition control log 42 -f
      coalition control workers --json
      coalition control activities --worker render01-1 --since 3600
      coalition control limit-set nuke 10
      coalition control add -t Comp -c "nuke -x comp.nk" --limits nuke --maxworkererrors 2
      coalition control blocklist 42
      coalition control presets
      coalition control submit blender /projects/shot.blend --frames 1-240 --chunk 10 \\
          --param output=/renders/shot/frame_####
    """
}
