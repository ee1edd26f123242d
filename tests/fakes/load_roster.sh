#!/bin/sh
# load_roster.sh N: a roster (CSV for yellctl staff import) of the N users
# that the fake's `load users N` makes: B0001.. with the emails the fake
# gives UB0001.. (bench0001@example.jp ..), so that each one links.
n=${1:?usage: load_roster.sh N}
echo "employee_id,name,email"
i=1
while [ "$i" -le "$n" ]; do
	printf 'B%04d,職員 %04d,bench%04d@example.jp\n' "$i" "$i" "$i"
	i=$((i + 1))
done
