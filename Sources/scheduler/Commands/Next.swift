let nextCommand = Command(
    name: "next",
    summary: "print the next run times of jobs or of an ad hoc schedule",
    usage: "[JOB...] [-n N] [--after INSTANT]",
    flags: [],
    run: { _ in
        printError("scheduler: next is not implemented yet")
        return 1
    }
)
