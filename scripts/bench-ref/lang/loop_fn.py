def run():
    i = 0
    s = 0
    while i < 5000000:
        s = s + i * 2 % 7
        i = i + 1
    return s
print(run())
