xs = []
for i in range(1000000):
    xs.append(i * 0.5)
s = 0
for i in range(len(xs)):
    s = s + xs[i]
print(s)
