import type { CodingProblem } from './problem.js'

/**
 * Project-written MBPP-style problems, part 2: collections, parsing, grids and small algorithms.
 * Written for this project (not taken from MBPP).
 */
const py = String.raw

export const MORE_PROBLEMS: readonly CodingProblem[] = [
  {
    text: 'Write a function to split a list into consecutive chunks of size n (the last chunk may be shorter).',
    code: py`def chunk(items, n):
    return [items[i:i + n] for i in range(0, len(items), n)]`,
    tests: ['assert chunk([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]', 'assert chunk([], 3) == []', 'assert chunk([1, 2, 3], 3) == [[1, 2, 3]]']
  },
  {
    text: 'Write a function that returns a dictionary mapping each word of a text (lowercased, split on whitespace) to the number of times it occurs.',
    code: py`def word_frequencies(text):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts`,
    tests: ['assert word_frequencies("The cat and the hat") == {"the": 2, "cat": 1, "and": 1, "hat": 1}', 'assert word_frequencies("") == {}', 'assert word_frequencies("a A a") == {"a": 3}']
  },
  {
    text: 'Write a function to return the key with the largest value in a non-empty dictionary; when values tie, return the smallest such key.',
    code: py`def argmax_key(d):
    return min(d, key=lambda k: (-d[k], k))`,
    tests: ['assert argmax_key({"a": 3, "b": 7, "c": 7}) == "b"', 'assert argmax_key({"z": 1}) == "z"', 'assert argmax_key({3: 0, 1: 0, 2: -1}) == 1']
  },
  {
    text: 'Write a function to return the elements common to two lists, without duplicates, in increasing order.',
    code: py`def common_elements(a, b):
    return sorted(set(a) & set(b))`,
    tests: ['assert common_elements([1, 2, 2, 3], [2, 3, 4]) == [2, 3]', 'assert common_elements([1], [2]) == []', 'assert common_elements([5, 1, 5], [5, 1]) == [1, 5]']
  },
  {
    text: 'Write a function to check whether a list is sorted in non-decreasing order.',
    code: py`def is_sorted(items):
    return all(items[i] <= items[i + 1] for i in range(len(items) - 1))`,
    tests: ['assert is_sorted([1, 2, 2, 5]) == True', 'assert is_sorted([3, 1]) == False', 'assert is_sorted([]) == True']
  },
  {
    text: 'Write a function to find the largest sum of a contiguous non-empty sublist of a list of integers.',
    code: py`def max_subarray_sum(nums):
    best = current = nums[0]
    for x in nums[1:]:
        current = max(x, current + x)
        best = max(best, current)
    return best`,
    tests: ['assert max_subarray_sum([-2, 1, -3, 4, -1, 2, 1, -5, 4]) == 6', 'assert max_subarray_sum([-3, -1, -2]) == -1', 'assert max_subarray_sum([5]) == 5']
  },
  {
    text: 'Write a function to count the distinct letters in a string, ignoring case and any character that is not a letter.',
    code: py`def distinct_letters(s):
    return len({ch.lower() for ch in s if ch.isalpha()})`,
    tests: ['assert distinct_letters("Hello, World!") == 7', 'assert distinct_letters("123") == 0', 'assert distinct_letters("AaBb") == 2']
  },
  {
    text: 'Write a function that upper-cases the characters of a string at even positions and lower-cases those at odd positions, so "hello" becomes "HeLlO".',
    code: py`def alternate_case(s):
    return ''.join(ch.upper() if i % 2 == 0 else ch.lower() for i, ch in enumerate(s))`,
    tests: ['assert alternate_case("hello") == "HeLlO"', 'assert alternate_case("") == ""', 'assert alternate_case("ABCD") == "AbCd"']
  },
  {
    text: 'Write a function to compute the digital root of a non-negative integer: repeatedly sum its digits until a single digit remains.',
    code: py`def digital_root(n):
    while n >= 10:
        n = sum(int(d) for d in str(n))
    return n`,
    tests: ['assert digital_root(942) == 6', 'assert digital_root(7) == 7', 'assert digital_root(999999999999) == 9']
  },
  {
    text: 'Write a function to count the ways to climb a staircase of n steps when each move climbs either 1 or 2 steps.',
    code: py`def climb_stairs(n):
    a, b = 1, 1
    for _ in range(n):
        a, b = b, a + b
    return a`,
    tests: ['assert climb_stairs(2) == 2', 'assert climb_stairs(5) == 8', 'assert climb_stairs(0) == 1']
  },
  {
    text: 'Write a function to check whether all the characters of a string are different.',
    code: py`def all_unique(s):
    return len(set(s)) == len(s)`,
    tests: ['assert all_unique("abcdef") == True', 'assert all_unique("hello") == False', 'assert all_unique("") == True']
  },
  {
    text: 'Write a function to return the index of the first character of a string that occurs only once, or -1 if there is none.',
    code: py`def first_unique_index(s):
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    for i, ch in enumerate(s):
        if counts[ch] == 1:
            return i
    return -1`,
    tests: ['assert first_unique_index("leetcode") == 0', 'assert first_unique_index("loveleetcode") == 2', 'assert first_unique_index("aabb") == -1']
  },
  {
    text: 'Write a function that describes a sorted list of distinct integers as comma-separated ranges, so [1, 2, 3, 5, 7, 8] becomes "1-3,5,7-8".',
    code: py`def to_ranges(nums):
    parts = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else str(nums[i]) + '-' + str(nums[j]))
        i = j + 1
    return ','.join(parts)`,
    tests: ['assert to_ranges([1, 2, 3, 5, 7, 8]) == "1-3,5,7-8"', 'assert to_ranges([4]) == "4"', 'assert to_ranges([]) == ""']
  },
  {
    text: 'Write a function to count the pairs of positions i < j in a list whose elements add up to a multiple of k.',
    code: py`def count_divisible_pairs(nums, k):
    count = 0
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if (nums[i] + nums[j]) % k == 0:
                count += 1
    return count`,
    tests: ['assert count_divisible_pairs([1, 2, 3, 4, 5], 3) == 4', 'assert count_divisible_pairs([1, 1], 5) == 0', 'assert count_divisible_pairs([2, 2, 2], 2) == 3']
  },
  {
    text: 'Write a function to return the n-th triangular number, the sum 1 + 2 + ... + n.',
    code: py`def triangular(n):
    return n * (n + 1) // 2`,
    tests: ['assert triangular(4) == 10', 'assert triangular(0) == 0', 'assert triangular(100) == 5050']
  },
  {
    text: 'Write a function to list the positive divisors of a positive integer in increasing order.',
    code: py`def divisors(n):
    small, large = [], []
    d = 1
    while d * d <= n:
        if n % d == 0:
            small.append(d)
            if d != n // d:
                large.append(n // d)
        d += 1
    return small + large[::-1]`,
    tests: ['assert divisors(12) == [1, 2, 3, 4, 6, 12]', 'assert divisors(1) == [1]', 'assert divisors(49) == [1, 7, 49]']
  },
  {
    text: 'Write a function to check whether an integer is a power of two.',
    code: py`def is_power_of_two(n):
    return n > 0 and n & (n - 1) == 0`,
    tests: ['assert is_power_of_two(64) == True', 'assert is_power_of_two(0) == False', 'assert is_power_of_two(96) == False']
  },
  {
    text: 'Write a function that builds a dictionary from a list of keys and a list of values of the same length; when a key repeats, its last value wins.',
    code: py`def lists_to_dict(keys, values):
    out = {}
    for k, v in zip(keys, values):
        out[k] = v
    return out`,
    tests: ['assert lists_to_dict(["a", "b"], [1, 2]) == {"a": 1, "b": 2}', 'assert lists_to_dict(["x", "x"], [1, 2]) == {"x": 2}', 'assert lists_to_dict([], []) == {}']
  },
  {
    text: 'Write a function to add up all the integers written in a string, where an integer is a maximal run of digits, so "a12b3" gives 15.',
    code: py`def sum_numbers_in_string(s):
    total = 0
    current = ''
    for ch in s + ' ':
        if ch.isdigit():
            current += ch
        elif current:
            total += int(current)
            current = ''
    return total`,
    tests: ['assert sum_numbers_in_string("a12b3") == 15', 'assert sum_numbers_in_string("no digits") == 0', 'assert sum_numbers_in_string("100 apples and 25 pears 5") == 130']
  },
  {
    text: 'Write a function to find the longest common prefix of a list of strings (the empty string for an empty list).',
    code: py`def longest_common_prefix(words):
    if not words:
        return ''
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix`,
    tests: ['assert longest_common_prefix(["flower", "flow", "flight"]) == "fl"', 'assert longest_common_prefix(["dog", "car"]) == ""', 'assert longest_common_prefix(["same", "same"]) == "same"']
  },
  {
    text: 'Write a function to compute the Hamming distance between two strings of equal length.',
    code: py`def hamming(a, b):
    return sum(1 for x, y in zip(a, b) if x != y)`,
    tests: ['assert hamming("karolin", "kathrin") == 3', 'assert hamming("abc", "abc") == 0', 'assert hamming("1011101", "1001001") == 2']
  },
  {
    text: 'Write a function to convert a snake_case identifier to camelCase.',
    code: py`def snake_to_camel(name):
    parts = name.split('_')
    return parts[0] + ''.join(p[:1].upper() + p[1:] for p in parts[1:])`,
    tests: ['assert snake_to_camel("max_retry_count") == "maxRetryCount"', 'assert snake_to_camel("value") == "value"', 'assert snake_to_camel("to_json") == "toJson"']
  },
  {
    text: 'Write a function to count the islands in a grid of 0s and 1s, where an island is a group of 1s connected horizontally or vertically.',
    code: py`def count_islands(grid):
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    seen = set()
    count = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 1 and (r, c) not in seen:
                count += 1
                stack = [(r, c)]
                seen.add((r, c))
                while stack:
                    y, x = stack.pop()
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == 1 and (ny, nx) not in seen:
                            seen.add((ny, nx))
                            stack.append((ny, nx))
    return count`,
    tests: ['assert count_islands([[1, 1, 0], [0, 1, 0], [1, 0, 1]]) == 3', 'assert count_islands([[0, 0], [0, 0]]) == 0', 'assert count_islands([[1, 0, 1, 0, 1]]) == 3']
  },
  {
    text: 'Write a function to compute the area of a simple polygon from the list of its vertices (x, y) in order.',
    code: py`def polygon_area(points):
    total = 0
    n = len(points)
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2`,
    tests: ['assert polygon_area([(0, 0), (4, 0), (4, 3), (0, 3)]) == 12.0', 'assert polygon_area([(0, 0), (2, 0), (0, 2)]) == 2.0', 'assert polygon_area([(1, 1), (3, 1), (2, 4)]) == 3.0']
  },
  {
    text: "Write a function to return row n of Pascal's triangle as a list (row 0 is [1]).",
    code: py`def pascal_row(n):
    row = [1]
    for _ in range(n):
        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]
    return row`,
    tests: ['assert pascal_row(4) == [1, 4, 6, 4, 1]', 'assert pascal_row(0) == [1]', 'assert pascal_row(1) == [1, 1]']
  },
  {
    text: 'Write a function to check whether a string is a valid IPv4 address: four decimal numbers from 0 to 255 separated by dots, without leading zeros.',
    code: py`def is_valid_ipv4(s):
    parts = s.split('.')
    if len(parts) != 4:
        return False
    for p in parts:
        if not p.isdigit() or (len(p) > 1 and p[0] == '0') or int(p) > 255:
            return False
    return True`,
    tests: ['assert is_valid_ipv4("192.168.0.1") == True', 'assert is_valid_ipv4("256.1.1.1") == False', 'assert is_valid_ipv4("1.02.3.4") == False']
  },
  {
    text: 'Write a function to count the days between two dates given as "YYYY-MM-DD" strings (always non-negative).',
    code: py`def days_between(a, b):
    from datetime import date
    da = date.fromisoformat(a)
    db = date.fromisoformat(b)
    return abs((db - da).days)`,
    tests: ['assert days_between("2024-01-01", "2024-03-01") == 60', 'assert days_between("2023-12-25", "2023-12-24") == 1', 'assert days_between("2000-01-01", "2000-01-01") == 0']
  },
  {
    text: 'Write a function to find the element that occurs an odd number of times in a list in which exactly one element does.',
    code: py`def odd_occurrence(nums):
    result = 0
    for x in nums:
        result ^= x
    return result`,
    tests: ['assert odd_occurrence([4, 1, 2, 1, 2]) == 4', 'assert odd_occurrence([7]) == 7', 'assert odd_occurrence([5, 5, 5, 3, 3]) == 5']
  },
  {
    text: 'Write a function to sort a list of strings by length, breaking ties alphabetically.',
    code: py`def sort_by_length(words):
    return sorted(words, key=lambda w: (len(w), w))`,
    tests: ['assert sort_by_length(["pear", "fig", "apple", "kiwi"]) == ["fig", "kiwi", "pear", "apple"]', 'assert sort_by_length([]) == []', 'assert sort_by_length(["b", "a"]) == ["a", "b"]']
  },
  {
    text: 'Write a function that returns the squares of the even numbers of a list, in their original order.',
    code: py`def even_squares(nums):
    return [x * x for x in nums if x % 2 == 0]`,
    tests: ['assert even_squares([1, 2, 3, 4]) == [4, 16]', 'assert even_squares([1, 3]) == []', 'assert even_squares([0, -2]) == [0, 4]']
  },
  {
    text: 'Write a function to list the elements of a matrix in clockwise spiral order, starting from the top-left corner.',
    code: py`def spiral_order(matrix):
    out = []
    top, bottom = 0, len(matrix) - 1
    left, right = 0, (len(matrix[0]) - 1) if matrix else -1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            out.append(matrix[top][c])
        for r in range(top + 1, bottom + 1):
            out.append(matrix[r][right])
        if top < bottom:
            for c in range(right - 1, left - 1, -1):
                out.append(matrix[bottom][c])
        if left < right:
            for r in range(bottom - 1, top, -1):
                out.append(matrix[r][left])
        top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
    return out`,
    tests: ['assert spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == [1, 2, 3, 6, 9, 8, 7, 4, 5]', 'assert spiral_order([[1, 2, 3, 4]]) == [1, 2, 3, 4]', 'assert spiral_order([[1], [2], [3]]) == [1, 2, 3]']
  },
  {
    text: 'Write a function to find the maximum nesting depth of parentheses in a string.',
    code: py`def max_paren_depth(s):
    depth = best = 0
    for ch in s:
        if ch == '(':
            depth += 1
            best = max(best, depth)
        elif ch == ')':
            depth -= 1
    return best`,
    tests: ['assert max_paren_depth("(1+(2*3)+((8)/4))+1") == 3', 'assert max_paren_depth("no parens") == 0', 'assert max_paren_depth("()()") == 1']
  },
  {
    text: 'Write a function to count the occurrences of a non-empty substring in a string, counting overlapping occurrences.',
    code: py`def count_overlapping(s, sub):
    count = 0
    start = s.find(sub)
    while start != -1:
        count += 1
        start = s.find(sub, start + 1)
    return count`,
    tests: ['assert count_overlapping("aaaa", "aa") == 3', 'assert count_overlapping("abcabc", "abc") == 2', 'assert count_overlapping("abc", "d") == 0']
  },
  {
    text: 'Write a function that turns a list of decimal digits into the integer they spell, so [4, 0, 2] gives 402.',
    code: py`def digits_to_int(digits):
    value = 0
    for d in digits:
        value = value * 10 + d
    return value`,
    tests: ['assert digits_to_int([4, 0, 2]) == 402', 'assert digits_to_int([0]) == 0', 'assert digits_to_int([0, 0, 7]) == 7']
  },
  {
    text: 'Write a function to return the k most frequent elements of a list, most frequent first, breaking ties by smaller value first.',
    code: py`def top_k_frequent(nums, k):
    counts = {}
    for x in nums:
        counts[x] = counts.get(x, 0) + 1
    return sorted(counts, key=lambda x: (-counts[x], x))[:k]`,
    tests: ['assert top_k_frequent([1, 1, 1, 2, 2, 3], 2) == [1, 2]', 'assert top_k_frequent([4, 4, 5, 5, 6], 2) == [4, 5]', 'assert top_k_frequent([9], 1) == [9]']
  },
  {
    text: 'Write a function to check whether an integer is prime.',
    code: py`def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True`,
    tests: ['assert is_prime(97) == True', 'assert is_prime(1) == False', 'assert is_prime(91) == False']
  },
  {
    text: 'Write a function to add up the natural numbers below n that are multiples of 3 or 5.',
    code: py`def sum_multiples_3_5(n):
    return sum(k for k in range(n) if k % 3 == 0 or k % 5 == 0)`,
    tests: ['assert sum_multiples_3_5(10) == 23', 'assert sum_multiples_3_5(1) == 0', 'assert sum_multiples_3_5(16) == 60']
  },
  {
    text: 'Write a function to find the fewest coins from the given denominations that make up an amount, or -1 if the amount cannot be made.',
    code: py`def min_coins(coins, amount):
    best = [0] + [float('inf')] * amount
    for a in range(1, amount + 1):
        for c in coins:
            if c <= a and best[a - c] + 1 < best[a]:
                best[a] = best[a - c] + 1
    return best[amount] if best[amount] != float('inf') else -1`,
    tests: ['assert min_coins([1, 2, 5], 11) == 3', 'assert min_coins([2], 3) == -1', 'assert min_coins([1, 3, 4], 6) == 2']
  },
  {
    text: 'Write a function to check whether a string of digits passes the Luhn checksum.',
    code: py`def luhn_valid(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0`,
    tests: ['assert luhn_valid("79927398713") == True', 'assert luhn_valid("79927398710") == False', 'assert luhn_valid("0") == True']
  },
  {
    text: 'Write a function to return the list of words in a sentence that are longer than n characters, in their original order.',
    code: py`def long_words(sentence, n):
    return [w for w in sentence.split() if len(w) > n]`,
    tests: ['assert long_words("the quick brown fox jumps", 4) == ["quick", "brown", "jumps"]', 'assert long_words("a bb ccc", 3) == []', 'assert long_words("hello", 0) == ["hello"]']
  },
  {
    text: 'Write a function to interleave two lists element by element, appending what remains of the longer list at the end.',
    code: py`def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out`,
    tests: ['assert interleave([1, 2, 3], ["a", "b"]) == [1, "a", 2, "b", 3]', 'assert interleave([], [1]) == [1]', 'assert interleave([1], [2]) == [1, 2]']
  },
  {
    text: 'Write a function to find the smallest and largest values of a non-empty list in a single pass, returned as a tuple (smallest, largest).',
    code: py`def min_max(nums):
    lo = hi = nums[0]
    for x in nums[1:]:
        if x < lo:
            lo = x
        elif x > hi:
            hi = x
    return (lo, hi)`,
    tests: ['assert min_max([3, 9, -2, 7]) == (-2, 9)', 'assert min_max([5]) == (5, 5)', 'assert min_max([2, 2, 1]) == (1, 2)']
  }
]
