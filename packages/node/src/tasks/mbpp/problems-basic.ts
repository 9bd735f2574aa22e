import type { CodingProblem } from './problem.js'

/**
 * Project-written MBPP-style problems, part 1: strings, numbers and lists. Each has a reference
 * solution and three asserts; a test runs every reference against its asserts in the sandbox.
 * Written for this project (not taken from MBPP).
 */
const py = String.raw

export const BASIC_PROBLEMS: readonly CodingProblem[] = [
  {
    text: 'Write a function to count the vowels (a, e, i, o, u, in either case) in a string.',
    code: py`def count_vowels(s):
    return sum(1 for ch in s.lower() if ch in 'aeiou')`,
    tests: ['assert count_vowels("Programming") == 3', 'assert count_vowels("sky") == 0', 'assert count_vowels("AEIOU and y") == 6']
  },
  {
    text: 'Write a function to check whether a string is a palindrome when case and all non-alphanumeric characters are ignored.',
    code: py`def is_clean_palindrome(s):
    cleaned = [ch.lower() for ch in s if ch.isalnum()]
    return cleaned == cleaned[::-1]`,
    tests: ['assert is_clean_palindrome("A man, a plan, a canal: Panama") == True', 'assert is_clean_palindrome("race a car") == False', 'assert is_clean_palindrome("No lemon, no melon") == True']
  },
  {
    text: 'Write a function to find the second largest distinct value in a list of numbers, returning None when there is no such value.',
    code: py`def second_largest(nums):
    distinct = sorted(set(nums), reverse=True)
    if len(distinct) < 2:
        return None
    return distinct[1]`,
    tests: ['assert second_largest([4, 1, 7, 7, 3]) == 4', 'assert second_largest([5, 5, 5]) == None', 'assert second_largest([-2, -9, -4]) == -4']
  },
  {
    text: 'Write a function to run-length encode a string, writing each run as the character followed by its length, so that "aaabcc" becomes "a3b1c2".',
    code: py`def run_length_encode(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(s[i] + str(j - i))
        i = j
    return ''.join(out)`,
    tests: ['assert run_length_encode("aaabcc") == "a3b1c2"', 'assert run_length_encode("") == ""', 'assert run_length_encode("zzzzzzzzzzzz") == "z12"']
  },
  {
    text: 'Write a function to decode a run-length encoded string in which each letter is followed by its count (counts may have several digits), so that "a3b1c2" becomes "aaabcc".',
    code: py`def run_length_decode(s):
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        j = i + 1
        while j < len(s) and s[j].isdigit():
            j += 1
        out.append(ch * int(s[i + 1:j]))
        i = j
    return ''.join(out)`,
    tests: ['assert run_length_decode("a3b1c2") == "aaabcc"', 'assert run_length_decode("x10") == "xxxxxxxxxx"', 'assert run_length_decode("q1") == "q"']
  },
  {
    text: 'Write a function to rotate a list to the right by k positions (k may be larger than the length).',
    code: py`def rotate_right(items, k):
    if not items:
        return []
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)`,
    tests: ['assert rotate_right([1, 2, 3, 4, 5], 2) == [4, 5, 1, 2, 3]', 'assert rotate_right([1, 2, 3], 3) == [1, 2, 3]', 'assert rotate_right([1, 2, 3], 7) == [3, 1, 2]']
  },
  {
    text: 'Write a function to compute the sum of the decimal digits of a non-negative integer.',
    code: py`def digit_sum(n):
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total`,
    tests: ['assert digit_sum(12345) == 15', 'assert digit_sum(0) == 0', 'assert digit_sum(9009) == 18']
  },
  {
    text: 'Write a function to count the words in a sentence, where words are separated by any amount of whitespace.',
    code: py`def count_words(sentence):
    return len(sentence.split())`,
    tests: ['assert count_words("the quick  brown fox") == 4', 'assert count_words("   ") == 0', 'assert count_words("one") == 1']
  },
  {
    text: 'Write a function that returns the list of all prime numbers less than n, in increasing order.',
    code: py`def primes_below(n):
    if n < 3:
        return []
    sieve = [True] * n
    sieve[0] = sieve[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            for j in range(i * i, n, i):
                sieve[j] = False
    return [i for i in range(n) if sieve[i]]`,
    tests: ['assert primes_below(20) == [2, 3, 5, 7, 11, 13, 17, 19]', 'assert primes_below(2) == []', 'assert primes_below(3) == [2]']
  },
  {
    text: 'Write a function to check whether a positive integer is a perfect number (equal to the sum of its proper divisors).',
    code: py`def is_perfect(n):
    if n < 2:
        return False
    total = 1
    d = 2
    while d * d <= n:
        if n % d == 0:
            total += d
            if d != n // d:
                total += n // d
        d += 1
    return total == n`,
    tests: ['assert is_perfect(28) == True', 'assert is_perfect(12) == False', 'assert is_perfect(8128) == True']
  },
  {
    text: 'Write a function to flatten a list that may contain nested lists of any depth into a flat list.',
    code: py`def flatten(items):
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out`,
    tests: ['assert flatten([1, [2, [3, [4]], 5]]) == [1, 2, 3, 4, 5]', 'assert flatten([]) == []', 'assert flatten([[[]], [6]]) == [6]']
  },
  {
    text: 'Write a function to find the most frequent character in a string; if several are equally frequent, return the one that appears first.',
    code: py`def most_common_char(s):
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    best = None
    for ch in s:
        if best is None or counts[ch] > counts[best]:
            best = ch
    return best`,
    tests: ['assert most_common_char("abracadabra") == "a"', 'assert most_common_char("xyzzy") == "y"', 'assert most_common_char("mississippi") == "i"']
  },
  {
    text: 'Write a function to merge two sorted lists into one sorted list without calling sort or sorted.',
    code: py`def merge_sorted(a, b):
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out + a[i:] + b[j:]`,
    tests: ['assert merge_sorted([1, 4, 6], [2, 3, 7, 8]) == [1, 2, 3, 4, 6, 7, 8]', 'assert merge_sorted([], [5]) == [5]', 'assert merge_sorted([1, 1], [1]) == [1, 1, 1]']
  },
  {
    text: 'Write a function to find the index of a target value in a sorted list using binary search, returning -1 if it is absent.',
    code: py`def binary_search(items, target):
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1`,
    tests: ['assert binary_search([1, 3, 5, 7, 9, 11], 7) == 3', 'assert binary_search([1, 3, 5], 4) == -1', 'assert binary_search([2], 2) == 0']
  },
  {
    text: 'Write a function to convert a non-negative integer to its binary representation as a string, without the "0b" prefix.',
    code: py`def to_binary(n):
    if n == 0:
        return '0'
    bits = []
    while n > 0:
        bits.append(str(n % 2))
        n //= 2
    return ''.join(reversed(bits))`,
    tests: ['assert to_binary(10) == "1010"', 'assert to_binary(0) == "0"', 'assert to_binary(255) == "11111111"']
  },
  {
    text: 'Write a function to return the n-th Fibonacci number, where fibonacci(0) is 0 and fibonacci(1) is 1.',
    code: py`def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a`,
    tests: ['assert fibonacci(10) == 55', 'assert fibonacci(1) == 1', 'assert fibonacci(30) == 832040']
  },
  {
    text: 'Write a function to compute the factorial of a non-negative integer.',
    code: py`def factorial(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result`,
    tests: ['assert factorial(5) == 120', 'assert factorial(0) == 1', 'assert factorial(12) == 479001600']
  },
  {
    text: 'Write a function to count how many distinct anagram classes occur in a list of words (two words are in the same class if they are anagrams of each other).',
    code: py`def count_anagram_classes(words):
    return len({''.join(sorted(w)) for w in words})`,
    tests: ['assert count_anagram_classes(["listen", "silent", "enlist", "google", "gogole", "cat"]) == 3', 'assert count_anagram_classes([]) == 0', 'assert count_anagram_classes(["ab", "ba", "abc"]) == 2']
  },
  {
    text: 'Write a function to capitalise the first letter of every word in a string of words separated by single spaces, leaving the other letters unchanged.',
    code: py`def title_words(s):
    return ' '.join(w[:1].upper() + w[1:] for w in s.split(' '))`,
    tests: ['assert title_words("hello big world") == "Hello Big World"', 'assert title_words("a") == "A"', 'assert title_words("iPhone sales up") == "IPhone Sales Up"']
  },
  {
    text: 'Write a function to remove duplicates from a list, keeping the first occurrence of each element in its original order.',
    code: py`def dedupe(items):
    seen = set()
    out = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out`,
    tests: ['assert dedupe([3, 1, 3, 2, 1]) == [3, 1, 2]', 'assert dedupe([]) == []', 'assert dedupe(["b", "a", "b"]) == ["b", "a"]']
  },
  {
    text: 'Write a function to check whether two strings are anagrams of each other, ignoring spaces and letter case.',
    code: py`def are_anagrams(a, b):
    norm = lambda s: sorted(s.replace(' ', '').lower())
    return norm(a) == norm(b)`,
    tests: ['assert are_anagrams("Dormitory", "Dirty room") == True', 'assert are_anagrams("hello", "world") == False', 'assert are_anagrams("Astronomer", "Moon starer") == True']
  },
  {
    text: 'Write a function to compute the greatest common divisor of a non-empty list of positive integers.',
    code: py`def gcd_list(nums):
    def gcd(a, b):
        while b:
            a, b = b, a % b
        return a
    result = nums[0]
    for x in nums[1:]:
        result = gcd(result, x)
    return result`,
    tests: ['assert gcd_list([12, 18, 24]) == 6', 'assert gcd_list([7]) == 7', 'assert gcd_list([14, 25]) == 1']
  },
  {
    text: 'Write a function to compute the least common multiple of two positive integers.',
    code: py`def lcm(a, b):
    x, y = a, b
    while y:
        x, y = y, x % y
    return a // x * b`,
    tests: ['assert lcm(4, 6) == 12', 'assert lcm(7, 13) == 91', 'assert lcm(10, 10) == 10']
  },
  {
    text: 'Write a function to transpose a matrix given as a list of equal-length rows.',
    code: py`def transpose(matrix):
    if not matrix:
        return []
    return [[row[c] for row in matrix] for c in range(len(matrix[0]))]`,
    tests: ['assert transpose([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]', 'assert transpose([[1]]) == [[1]]', 'assert transpose([]) == []']
  },
  {
    text: 'Write a function to return the sum of the main diagonal of a square matrix.',
    code: py`def diagonal_sum(matrix):
    return sum(matrix[i][i] for i in range(len(matrix)))`,
    tests: ['assert diagonal_sum([[1, 2], [3, 4]]) == 5', 'assert diagonal_sum([[5]]) == 5', 'assert diagonal_sum([[1, 0, 0], [0, -2, 0], [9, 9, 3]]) == 2']
  },
  {
    text: 'Write a function to apply a Caesar shift of k to the letters of a string, keeping letter case and leaving other characters unchanged.',
    code: py`def caesar(s, k):
    out = []
    for ch in s:
        if ch.islower():
            out.append(chr((ord(ch) - 97 + k) % 26 + 97))
        elif ch.isupper():
            out.append(chr((ord(ch) - 65 + k) % 26 + 65))
        else:
            out.append(ch)
    return ''.join(out)`,
    tests: ['assert caesar("Hello, World!", 3) == "Khoor, Zruog!"', 'assert caesar("xyz", 2) == "zab"', 'assert caesar("abc", -1) == "zab"']
  },
  {
    text: 'Write a function to check whether the brackets (), [] and {} in a string are balanced and properly nested.',
    code: py`def is_balanced(s):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in s:
        if ch in '([{':
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack`,
    tests: ['assert is_balanced("{[()()]}") == True', 'assert is_balanced("([)]") == False', 'assert is_balanced("((") == False']
  },
  {
    text: 'Write a function to find the length of the longest run of consecutive equal elements in a list.',
    code: py`def longest_run(items):
    best = 0
    current = 0
    for i, x in enumerate(items):
        current = current + 1 if i > 0 and items[i - 1] == x else 1
        best = max(best, current)
    return best`,
    tests: ['assert longest_run([1, 1, 2, 2, 2, 3]) == 3', 'assert longest_run([]) == 0', 'assert longest_run(["a", "b", "b", "a"]) == 2']
  },
  {
    text: 'Write a function that, given a list of numbers and a target, returns the indices (i, j) with i < j of the first pair (in order of j, then i) whose values add up to the target, or None.',
    code: py`def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return (seen[target - x], j)
        if x not in seen:
            seen[x] = j
    return None`,
    tests: ['assert two_sum([2, 7, 11, 15], 9) == (0, 1)', 'assert two_sum([3, 2, 4], 6) == (1, 2)', 'assert two_sum([1, 2], 7) == None']
  },
  {
    text: 'Write a function to count the 1 bits in the binary representation of a non-negative integer.',
    code: py`def count_set_bits(n):
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count`,
    tests: ['assert count_set_bits(13) == 3', 'assert count_set_bits(0) == 0', 'assert count_set_bits(1023) == 10']
  },
  {
    text: 'Write a function to reverse the order of the words in a sentence, joining them with single spaces.',
    code: py`def reverse_words(sentence):
    return ' '.join(reversed(sentence.split()))`,
    tests: ['assert reverse_words("the sky is blue") == "blue is sky the"', 'assert reverse_words("  hello   world ") == "world hello"', 'assert reverse_words("solo") == "solo"']
  },
  {
    text: 'Write a function to find the median of a non-empty list of numbers (the mean of the two middle values when the length is even).',
    code: py`def median(nums):
    s = sorted(nums)
    n = len(s)
    mid = n // 2
    if n % 2 == 1:
        return s[mid]
    return (s[mid - 1] + s[mid]) / 2`,
    tests: ['assert median([3, 1, 2]) == 2', 'assert median([4, 1, 3, 2]) == 2.5', 'assert median([7]) == 7']
  },
  {
    text: 'Write a function to check whether a year is a leap year in the Gregorian calendar.',
    code: py`def is_leap_year(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)`,
    tests: ['assert is_leap_year(2024) == True', 'assert is_leap_year(1900) == False', 'assert is_leap_year(2000) == True']
  },
  {
    text: 'Write a function to convert a temperature from Celsius to Fahrenheit, rounded to one decimal place.',
    code: py`def c_to_f(celsius):
    return round(celsius * 9 / 5 + 32, 1)`,
    tests: ['assert c_to_f(100) == 212.0', 'assert c_to_f(-40) == -40.0', 'assert c_to_f(36.6) == 97.9']
  },
  {
    text: 'Write a function to return the running (cumulative) sums of a list of numbers.',
    code: py`def running_sum(nums):
    out = []
    total = 0
    for x in nums:
        total += x
        out.append(total)
    return out`,
    tests: ['assert running_sum([1, 2, 3, 4]) == [1, 3, 6, 10]', 'assert running_sum([]) == []', 'assert running_sum([5, -5, 5]) == [5, 0, 5]']
  },
  {
    text: 'Write a function that returns, for each position of a list, the product of all the other elements, without using division.',
    code: py`def product_except_self(nums):
    n = len(nums)
    out = [1] * n
    left = 1
    for i in range(n):
        out[i] = left
        left *= nums[i]
    right = 1
    for i in range(n - 1, -1, -1):
        out[i] *= right
        right *= nums[i]
    return out`,
    tests: ['assert product_except_self([1, 2, 3, 4]) == [24, 12, 8, 6]', 'assert product_except_self([2, 0, 5]) == [0, 10, 0]', 'assert product_except_self([7, 3]) == [3, 7]']
  },
  {
    text: 'Write a function to find the missing number in a list that contains every integer from 0 to n except one.',
    code: py`def missing_number(nums):
    n = len(nums)
    return n * (n + 1) // 2 - sum(nums)`,
    tests: ['assert missing_number([3, 0, 1]) == 2', 'assert missing_number([0]) == 1', 'assert missing_number([1, 2, 3, 4, 5, 6, 0, 8]) == 7']
  },
  {
    text: 'Write a function to count the trailing zeros of n factorial.',
    code: py`def factorial_trailing_zeros(n):
    count = 0
    p = 5
    while p <= n:
        count += n // p
        p *= 5
    return count`,
    tests: ['assert factorial_trailing_zeros(10) == 2', 'assert factorial_trailing_zeros(4) == 0', 'assert factorial_trailing_zeros(100) == 24']
  },
  {
    text: 'Write a function to check whether a non-negative integer is an Armstrong number: equal to the sum of its digits each raised to the number of digits.',
    code: py`def is_armstrong(n):
    digits = str(n)
    k = len(digits)
    return sum(int(d) ** k for d in digits) == n`,
    tests: ['assert is_armstrong(153) == True', 'assert is_armstrong(154) == False', 'assert is_armstrong(9474) == True']
  },
  {
    text: 'Write a function to convert a Roman numeral to an integer.',
    code: py`def roman_to_int(s):
    values = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total`,
    tests: ['assert roman_to_int("MCMXCIV") == 1994', 'assert roman_to_int("IX") == 9', 'assert roman_to_int("LVIII") == 58']
  },
  {
    text: 'Write a function to convert an integer from 1 to 3999 to a Roman numeral.',
    code: py`def int_to_roman(n):
    table = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'),
             (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]
    out = []
    for value, symbol in table:
        while n >= value:
            out.append(symbol)
            n -= value
    return ''.join(out)`,
    tests: ['assert int_to_roman(1994) == "MCMXCIV"', 'assert int_to_roman(4) == "IV"', 'assert int_to_roman(3999) == "MMMCMXCIX"']
  },
  {
    text: 'Write a function to compute the sum of the squares of the odd numbers in a list.',
    code: py`def sum_odd_squares(nums):
    return sum(x * x for x in nums if x % 2 == 1)`,
    tests: ['assert sum_odd_squares([1, 2, 3, 4, 5]) == 35', 'assert sum_odd_squares([2, 4]) == 0', 'assert sum_odd_squares([-3, 3]) == 18']
  }
]
