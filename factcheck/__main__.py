from factcheck.launch import run

run()
